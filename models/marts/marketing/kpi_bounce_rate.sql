{{ config(**incremental_by_date('date_day')) }}

{%- set window_start = incremental_window_start('date_day') %}

with

sessions as (

    select * from {{ ref('int_sessions_enriched') }}
    where {{ incremental_window('session_date', window_start) }}

),

daily as (

    select
        session_date as date_day,
        channel,
        landing_page,
        count(*) as sessions,
        sum(case when is_bounce then 1 else 0 end) as bounced_sessions
    from sessions
    group by session_date, channel, landing_page

),

final as (

    select
        date_day,
        channel,
        landing_page,
        {{ to_count('sessions') }} as sessions,
        {{ to_count('bounced_sessions') }} as bounced_sessions,
        {{ safe_divide('bounced_sessions', 'sessions') }} as bounce_rate
    from daily

)

select * from final
