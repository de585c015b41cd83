-- Every session mart covers every session exactly once. A sum over no rows
-- counts as 0, so an empty mart fails against a non-zero count.
with

sessions as (

    select
        count(*) as sessions,
        coalesce(sum(duration_seconds), 0) as duration_seconds,
        count(case when is_bounce then 1 end) as bounces
    from {{ ref('int_sessions_enriched') }}

),

bounce as (

    select
        coalesce(sum(sessions), 0) as sessions,
        coalesce(sum(bounced_sessions), 0) as bounces
    from {{ ref('kpi_bounce_rate') }}

),

duration as (

    select
        coalesce(sum(sessions), 0) as sessions,
        coalesce(sum(total_duration_seconds), 0) as duration_seconds
    from {{ ref('kpi_avg_session_duration') }}

)

select
    sessions.sessions,
    bounce.sessions as bounce_sessions,
    duration.sessions as duration_sessions,
    sessions.bounces,
    bounce.bounces as mart_bounces,
    sessions.duration_seconds,
    duration.duration_seconds as mart_duration_seconds
from sessions
cross join bounce
cross join duration
where
    bounce.sessions is distinct from sessions.sessions
    or bounce.bounces is distinct from sessions.bounces
    or duration.sessions is distinct from sessions.sessions
    or duration.duration_seconds is distinct from sessions.duration_seconds
