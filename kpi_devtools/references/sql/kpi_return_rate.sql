-- kpi_return_rate: items sold on valid orders and the returned quantity of
-- those lines (any return row, received or not), net revenue and refunds, per
-- local order day, category, brand and customer type.
--
-- Local dates: each line looks its order's local date up in a table of the
-- UTC quarter-hours the orders span (converted once each; exact for every
-- zone whose offsets and DST changes fall on quarter-hours).
with

orders as (

    select
        order_id,
        customer_id,
        ordered_at
    from {orders}
    where status != 'cancelled'

),

order_lines as (

    select
        order_line_id,
        order_id,
        product_id,
        quantity,
        unit_price,
        discount_amount
    from {order_lines}

),

products as (

    select
        product_id,
        category,
        brand
    from {products}

),

customers as (

    select
        customer_id,
        customer_type
    from {customers}

),

returned_per_line as (

    select
        order_line_id,
        sum(quantity) as items_returned,
        sum(refund_amount) as refund_amount
    from {returns}
    group by order_line_id

),

local_dates as (

    select
        quarter_hour,
        cast(
            timezone('{timezone}', timezone('UTC', quarter_hour)) as date
        ) as local_date
    from (
        select
            unnest(range(
                time_bucket(interval 15 minute, min(ordered_at)),
                max(ordered_at) + interval 15 minute,
                interval 15 minute
            )) as quarter_hour
        from {orders}
    )

),

daily as (

    select
        local_dates.local_date as date_day,
        products.category,
        products.brand,
        coalesce(customers.customer_type, 'unknown') as customer_type,
        sum(order_lines.quantity) as items_sold,
        coalesce(sum(returned_per_line.items_returned), 0) as items_returned,
        sum(
            order_lines.quantity * order_lines.unit_price
            - order_lines.discount_amount
        ) as net_revenue,
        coalesce(sum(returned_per_line.refund_amount), 0) as refund_amount
    from order_lines
    inner join orders
        on order_lines.order_id = orders.order_id
    inner join local_dates
        on
            time_bucket(interval 15 minute, orders.ordered_at)
            = local_dates.quarter_hour
    left join products
        on order_lines.product_id = products.product_id
    left join customers
        on orders.customer_id = customers.customer_id
    left join returned_per_line
        on order_lines.order_line_id = returned_per_line.order_line_id
    group by all

)

select
    date_day,
    category,
    brand,
    customer_type,
    cast(items_sold as bigint) as items_sold,
    cast(items_returned as bigint) as items_returned,
    cast(items_returned as double) / nullif(items_sold, 0) as return_rate,
    cast(net_revenue as decimal(18, 2)) as net_revenue,
    cast(refund_amount as decimal(18, 2)) as refund_amount
from daily
