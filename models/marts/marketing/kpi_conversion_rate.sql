{{ config(**incremental_by_date('date_day')) }}

{%- set window_start = incremental_window_start('date_day') %}

with

sessions as (

    select * from {{ ref('int_sessions_enriched') }}
    where {{ incremental_window('session_date', window_start) }}

),

orders as (

    select * from {{ ref('int_orders_enriched') }}

),

session_orders as (

    select
        session_id,
        count(*) as orders
    from orders
    where
        is_valid
        and sales_channel = 'webshop'
        and {{ incremental_only(
            'session_id in (select sessions.session_id from sessions)',
            window_start
        ) }}
    group by session_id

),

daily as (

    select
        sessions.session_date as date_day,
        sessions.device_category,
        sessions.channel,
        count(*) as sessions,
        coalesce(sum(session_orders.orders), 0) as orders
    from sessions
    left join session_orders
        on sessions.session_id = session_orders.session_id
    group by sessions.session_date, sessions.device_category, sessions.channel

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
