with

customers as (

    select * from {{ ref('stg_shop__customers') }}

),

orders as (

    select * from {{ ref('int_orders_enriched') }}

),

first_orders as (

    select
        customer_id,
        order_id as first_order_id,
        ordered_at as first_ordered_at,
        order_date as first_order_date,
        sales_channel as first_order_sales_channel,
        attribution_channel as acquisition_channel
    from orders
    where customer_order_number = 1

),

order_counts as (

    select
        customer_id,
        count(*) as valid_orders,
        max(ordered_at) as last_ordered_at
    from orders
    where is_valid and customer_id is not null
    group by customer_id

),

final as (

    select
        customers.customer_id,
        customers.customer_type,
        customers.country_code,
        customers.created_at,
        first_orders.first_order_id,
        first_orders.first_ordered_at,
        first_orders.first_order_date,
        first_orders.first_order_sales_channel,
        first_orders.acquisition_channel,
        coalesce(order_counts.valid_orders, 0) as valid_orders,
        order_counts.last_ordered_at
    from customers
    left join first_orders
        on customers.customer_id = first_orders.customer_id
    left join order_counts
        on customers.customer_id = order_counts.customer_id

)

select * from final
