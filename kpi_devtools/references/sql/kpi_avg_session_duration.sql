-- kpi_avg_session_duration: sessions and their total duration per local day,
-- device, channel and whether the session has a valid (webshop) order.
--
-- Local dates: summed per UTC quarter-hour first, then only the quarter-hours
-- are converted (exact for every zone whose offsets and DST changes fall on
-- quarter-hours).
with

sessions as (

    select
        session_id,
        session_start_at,
        device_category,
        channel,
        duration_seconds
    from {sessions}

),

orders as (

    select session_id
    from {orders}
    where status != 'cancelled' and sales_channel = 'webshop'

),

sessions_with_order as (

    select distinct session_id
    from orders

),

per_quarter_hour as (

    select
        time_bucket(interval 15 minute, sessions.session_start_at)
            as quarter_hour,
        sessions.device_category,
        sessions.channel,
        sessions_with_order.session_id is not null as has_order,
        count(*) as sessions,
        sum(sessions.duration_seconds) as total_duration_seconds
    from sessions
    left join sessions_with_order
        on sessions.session_id = sessions_with_order.session_id
    group by all

),

daily as (

    select
        cast(
            timezone('{timezone}', timezone('UTC', quarter_hour)) as date
        ) as date_day,
        device_category,
        channel,
        has_order,
        sum(sessions) as sessions,
        sum(total_duration_seconds) as total_duration_seconds
    from per_quarter_hour
    group by all

)

select
    date_day,
    device_category,
    channel,
    has_order,
    cast(sessions as bigint) as sessions,
    cast(total_duration_seconds as bigint) as total_duration_seconds,
    cast(total_duration_seconds as double) / nullif(sessions, 0)
        as avg_session_duration_seconds
from daily
