-- kpi_discount_margin_impact: valid orders, gross revenue, discount, net
-- revenue, COGS and gross margin per local order day and the order's
-- promotion ('none' without one, whatever its lines' discounts).
--
-- Local dates: summed per UTC quarter-hour first, then only the quarter-hours
-- are converted (exact for every zone whose offsets and DST changes fall on
-- quarter-hours).
with

orders as (

    select
        order_id,
        coalesce(promotion_id, 'none') as promotion_id,
        ordered_at
    from {orders}
    where status != 'cancelled'

),

products as (

    select
        product_id,
        unit_cost
    from {products}

),

order_totals as (

    select
        order_lines.order_id,
        sum(order_lines.quantity * order_lines.unit_price) as gross_revenue,
        sum(order_lines.discount_amount) as discount_amount,
        sum(order_lines.quantity * products.unit_cost) as cogs
    from {order_lines} as order_lines
    left join products
        on order_lines.product_id = products.product_id
    group by order_lines.order_id

),

per_quarter_hour as (

    select
        time_bucket(interval 15 minute, orders.ordered_at) as quarter_hour,
        orders.promotion_id,
        count(*) as orders,
        coalesce(sum(order_totals.gross_revenue), 0) as gross_revenue,
        coalesce(sum(order_totals.discount_amount), 0) as discount_amount,
        coalesce(sum(order_totals.cogs), 0) as cogs
    from orders
    left join order_totals
        on orders.order_id = order_totals.order_id
    group by all

),

daily as (

    select
        cast(
            timezone('{timezone}', timezone('UTC', quarter_hour)) as date
        ) as date_day,
        promotion_id,
        sum(orders) as orders,
        sum(gross_revenue) as gross_revenue,
        sum(discount_amount) as discount_amount,
        sum(gross_revenue) - sum(discount_amount) as net_revenue,
        sum(cogs) as cogs,
        sum(gross_revenue) - sum(discount_amount) - sum(cogs) as gross_margin
    from per_quarter_hour
    group by all

)

select
    date_day,
    promotion_id,
    cast(orders as bigint) as orders,
    cast(gross_revenue as decimal(18, 2)) as gross_revenue,
    cast(discount_amount as decimal(18, 2)) as discount_amount,
    cast(net_revenue as decimal(18, 2)) as net_revenue,
    cast(cogs as decimal(18, 2)) as cogs,
    cast(gross_margin as decimal(18, 2)) as gross_margin,
    cast(gross_margin as double) / nullif(net_revenue, 0) as gross_margin_rate,
    cast(gross_margin as double) / nullif(orders, 0) as margin_per_order,
    cast(discount_amount as double) / nullif(gross_revenue, 0) as discount_rate,
    cast(discount_amount as double) / nullif(gross_revenue - cogs, 0)
        as margin_erosion_rate
from daily
