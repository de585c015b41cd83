-- kpi_conversion_rate: sessions per local day, device and channel, and the
-- valid webshop orders placed in those sessions (orders, not converted
-- sessions: the rate can exceed 1).
--
-- Local dates: counted per UTC quarter-hour first, then only those
-- quarter-hours are converted to the reporting zone (tens of thousands of
-- conversions instead of one per session). Exact for every zone whose UTC
-- offsets and DST changes fall on quarter-hours: all IANA zones in use.
with

sessions as (

    select
        session_id,
        session_start_at,
        device_category,
        channel
    from {sessions}

),

orders as (

    select session_id
    from {orders}
    where status != 'cancelled' and sales_channel = 'webshop'

),

session_orders as (

    select
        session_id,
        count(*) as orders
    from orders
    group by session_id

),

per_quarter_hour as (

    select
        time_bucket(interval 15 minute, sessions.session_start_at)
            as quarter_hour,
        sessions.device_category,
        sessions.channel,
        count(*) as sessions,
        coalesce(sum(session_orders.orders), 0) as orders
    from sessions
    left join session_orders
        on sessions.session_id = session_orders.session_id
    group by all

),

daily as (

    select
        cast(
            timezone('{timezone}', timezone('UTC', quarter_hour)) as date
        ) as date_day,
        device_category,
        channel,
        sum(sessions) as sessions,
        sum(orders) as orders
    from per_quarter_hour
    group by all

)

select
    date_day,
    device_category,
    channel,
    cast(sessions as bigint) as sessions,
    cast(orders as bigint) as orders,
    cast(orders as double) / nullif(sessions, 0) as conversion_rate
from daily
