-- One row per session with at least one valid webshop order: the session's
-- orders and their net revenue. Narrow (a few percent of the sessions), so
-- that int_sessions_enriched can be a view over the sessions' one table
-- instead of a second copy of every session (D95).
with

orders as (

    select * from {{ ref('int_orders_enriched') }}

),

final as (

    select
        session_id,
        count(*) as valid_orders,
        sum(net_revenue) as valid_order_net_revenue
    from orders
    where
        is_valid
        and sales_channel = 'webshop'
        and has_known_session
    group by session_id

)

select * from final
