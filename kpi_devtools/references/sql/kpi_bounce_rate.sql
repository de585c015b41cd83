-- kpi_bounce_rate: sessions per local day, channel and landing page, and those
-- that bounced (one pageview, no interaction).
--
-- Local dates: many landing pages make a per-quarter-hour pre-aggregation as
-- large as the input, so each session looks its local date up in a table of
-- the UTC quarter-hours the sessions span (converted once each; exact for
-- every zone whose offsets and DST changes fall on quarter-hours).
with

sessions as (

    select
        session_start_at,
        channel,
        landing_page,
        pageviews,
        interactions
    from {sessions}

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
                time_bucket(interval 15 minute, min(session_start_at)),
                max(session_start_at) + interval 15 minute,
                interval 15 minute
            )) as quarter_hour
        from {sessions}
    )

),

daily as (

    select
        local_dates.local_date as date_day,
        sessions.channel,
        sessions.landing_page,
        count(*) as sessions,
        count(*) filter (
            where sessions.pageviews = 1 and sessions.interactions = 0
        ) as bounced_sessions
    from sessions
    inner join local_dates
        on
            time_bucket(interval 15 minute, sessions.session_start_at)
            = local_dates.quarter_hour
    group by all

)

select
    date_day,
    channel,
    landing_page,
    cast(sessions as bigint) as sessions,
    cast(bounced_sessions as bigint) as bounced_sessions,
    cast(bounced_sessions as double) / nullif(sessions, 0) as bounce_rate
from daily
