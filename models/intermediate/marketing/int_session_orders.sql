-- One row per session id of the valid webshop orders: the session's orders
-- and their net revenue. Narrow (a few percent of the sessions), so that
-- int_sessions_enriched can be a view over the sessions' one table instead
-- of a second copy of every session (D95). An id that is no session is left
-- out by that view's join, not here, so that the marts' reconciliation
-- against int_orders_enriched.has_known_session stays independent.
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
        and session_id is not null
    group by session_id

)

select * from final
