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
        device_category,
        channel,
        has_order,
        count(*) as sessions,
        sum(duration_seconds) as total_duration_seconds
    from sessions
    group by session_date, device_category, channel, has_order

),

final as (

    select
        date_day,
        device_category,
        channel,
        has_order,
        {{ to_count('sessions') }} as sessions,
        {{ to_count('total_duration_seconds') }} as total_duration_seconds,
        {{ safe_divide('total_duration_seconds', 'sessions') }}
            as avg_session_duration_seconds
    from daily

)

select * from final
