-- kpi_average_order_value: valid orders, their net revenue and discount per
-- local order day, sales channel, customer status (new = the customer's first
-- valid order, by ordered_at then order_id; unknown without customer) and
-- customer type.
--
-- Local dates: summed per UTC quarter-hour first, then only the quarter-hours
-- are converted (exact for every zone whose offsets and DST changes fall on
-- quarter-hours).
with

orders as (

    select
        order_id,
        customer_id,
        sales_channel,
        ordered_at
    from {orders}
    where status != 'cancelled'

),

order_totals as (

    select
        order_id,
        sum(quantity * unit_price - discount_amount) as net_revenue,
        sum(discount_amount) as discount_amount
    from {order_lines}
    group by order_id

),

customers as (

    select
        customer_id,
        customer_type
    from {customers}

),

sequenced as (

    select
        *,
        case
            when customer_id is null then 'unknown'
            when row_number() over (
                partition by customer_id order by ordered_at, order_id
            ) = 1 then 'new'
            else 'returning'
        end as customer_status
    from orders

),

per_quarter_hour as (

    select
        time_bucket(interval 15 minute, sequenced.ordered_at) as quarter_hour,
        sequenced.sales_channel,
        sequenced.customer_status,
        coalesce(customers.customer_type, 'unknown') as customer_type,
        count(*) as orders,
        coalesce(sum(order_totals.net_revenue), 0) as net_revenue,
        coalesce(sum(order_totals.discount_amount), 0) as discount_amount
    from sequenced
    left join order_totals
        on sequenced.order_id = order_totals.order_id
    left join customers
        on sequenced.customer_id = customers.customer_id
    group by all

),

daily as (

    select
        cast(
            timezone('{timezone}', timezone('UTC', quarter_hour)) as date
        ) as date_day,
        sales_channel,
        customer_status,
        customer_type,
        sum(orders) as orders,
        sum(net_revenue) as net_revenue,
        sum(discount_amount) as discount_amount
    from per_quarter_hour
    group by all

)

select
    date_day,
    sales_channel,
    customer_status,
    customer_type,
    cast(orders as bigint) as orders,
    cast(net_revenue as decimal(18, 2)) as net_revenue,
    cast(discount_amount as decimal(18, 2)) as discount_amount,
    cast(net_revenue as double) / nullif(orders, 0) as average_order_value
from daily
