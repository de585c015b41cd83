-- Incremental by session date; a run also recomputes the dates of sessions
-- whose orders arrived late (reach_back, D105), which reads:
-- depends_on: {{ ref('int_orders_enriched') }}
-- depends_on: {{ ref('stg_web_analytics__sessions') }}
{{ config(**incremental_by_date(
    'date_day', reach_back='session_dates_of_late_orders'
)) }}

{%- set window_start = incremental_window_start(
    'date_day', reach_back='session_dates_of_late_orders'
) %}

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
        count(*) as sessions,
        sum(valid_orders) as orders
    from sessions
    group by session_date, device_category, channel

),

final as (

    select
        date_day,
        device_category,
        channel,
        {{ to_count('sessions') }} as sessions,
        {{ to_count('orders') }} as orders,
        {{ safe_divide('orders', 'sessions') }} as conversion_rate
    from daily

)

select * from final
