-- Every session mart covers every session exactly once.
with

sessions as (

    select
        count(*) as sessions,
        sum(duration_seconds) as duration_seconds,
        sum(case when is_bounce then 1 else 0 end) as bounces
    from {{ ref('int_sessions_enriched') }}

),

bounce as (

    select
        sum(sessions) as sessions,
        sum(bounced_sessions) as bounces
    from {{ ref('kpi_bounce_rate') }}

),

duration as (

    select
        sum(sessions) as sessions,
        sum(total_duration_seconds) as duration_seconds
    from {{ ref('kpi_avg_session_duration') }}

)

select
    sessions.sessions,
    bounce.sessions as bounce_sessions,
    duration.sessions as duration_sessions
from sessions
cross join bounce
cross join duration
where
    bounce.sessions != sessions.sessions
    or bounce.bounces != sessions.bounces
    or duration.sessions != sessions.sessions
    or duration.duration_seconds != sessions.duration_seconds
