-- A view (D95, configured in the YAML): the sessions are stored once, in
-- their base model; the models that need the bounce flag or the orders read
-- them through this view, joined to the narrow table of the sessions that
-- ordered. Models that need neither read stg_web_analytics__sessions (D99).
with

sessions as (

    select * from {{ ref('stg_web_analytics__sessions') }}

),

session_orders as (

    select * from {{ ref('int_session_orders') }}

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
        session_orders.session_id is not null as has_order,
        coalesce(session_orders.valid_order_net_revenue, 0)
            as valid_order_net_revenue
    from sessions
    left join session_orders
        on sessions.session_id = session_orders.session_id

)

select * from final
