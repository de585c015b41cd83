-- Orders summed over kpi_conversion_rate = valid webshop orders whose
-- session is known; sessions summed = all sessions. A sum over no rows
-- counts as 0, so an empty mart fails against a non-zero count.
with

mart as (

    select
        coalesce(sum(orders), 0) as orders,
        coalesce(sum(sessions), 0) as sessions
    from {{ ref('kpi_conversion_rate') }}

),

orders as (

    select count(*) as orders
    from {{ ref('int_orders_enriched') }}
    where is_valid and sales_channel = 'webshop' and has_known_session

),

sessions as (

    select count(*) as sessions
    from {{ ref('int_sessions_enriched') }}

)

select
    mart.orders as mart_orders,
    orders.orders as fact_orders,
    mart.sessions as mart_sessions,
    sessions.sessions as fact_sessions
from mart
cross join orders
cross join sessions
where
    mart.orders is distinct from orders.orders
    or mart.sessions is distinct from sessions.sessions
