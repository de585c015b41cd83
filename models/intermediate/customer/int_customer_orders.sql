-- One row per valid order of a known customer: the activity that the
-- lifetime value, repeat purchase and churn KPIs share.
with

orders as (

    select * from {{ ref('int_orders_enriched') }}

),

customers as (

    select * from {{ ref('int_customers_first_orders') }}

),

final as (

    select
        orders.customer_id,
        orders.order_id,
        customers.customer_type,
        customers.acquisition_channel,
        customers.first_order_date as cohort_date,
        orders.customer_order_number,
        orders.ordered_at,
        orders.order_date,
        orders.net_revenue,
        orders.gross_margin
    from orders
    inner join customers
        on orders.customer_id = customers.customer_id
    where orders.is_valid

)

select * from final
