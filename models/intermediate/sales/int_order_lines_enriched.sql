with

order_lines as (

    select * from {{ ref('int_order_lines_priced') }}

),

orders as (

    select * from {{ ref('int_orders_enriched') }}

),

final as (

    select
        order_lines.*,
        orders.customer_id,
        orders.customer_type,
        orders.sales_channel,
        orders.promotion_id,
        orders.is_valid,
        orders.ordered_at,
        orders.order_date
    from order_lines
    inner join orders
        on order_lines.order_id = orders.order_id

)

select * from final
