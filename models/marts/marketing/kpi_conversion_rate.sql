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
