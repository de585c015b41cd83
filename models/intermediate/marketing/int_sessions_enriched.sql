{{ config(**incremental_by_date('session_date')) }}

{%- set window_start = incremental_window_start('session_date') %}

with

sessions as (

    select * from {{ ref('stg_web_analytics__sessions') }}
    where {{ incremental_window('session_date', window_start) }}

),

orders as (

    select * from {{ ref('int_orders_enriched') }}

),

session_orders as (

    select
        session_id,
        count(*) as valid_orders,
        sum(net_revenue) as valid_order_net_revenue
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

final as (

    select
        sessions.session_id,
        sessions.visitor_id,
        sessions.customer_id,
        sessions.campaign_id,
        sessions.session_start_at,
        sessions.session_date,
        sessions.device_category,
        sessions.channel,
        sessions.landing_page,
        sessions.duration_seconds,
        sessions.pageviews,
        sessions.interactions,
        sessions.pageviews = 1 and sessions.interactions = 0 as is_bounce,
        coalesce(session_orders.valid_orders, 0) as valid_orders,
        coalesce(session_orders.valid_orders, 0) > 0 as has_order,
        coalesce(session_orders.valid_order_net_revenue, 0)
            as valid_order_net_revenue
    from sessions
    left join session_orders
        on sessions.session_id = session_orders.session_id

)

select * from final
