-- Orders summed over kpi_conversion_rate = valid webshop orders whose
-- session is known; sessions summed = all sessions.
with

mart as (

    select
        sum(orders) as orders,
        sum(sessions) as sessions
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
where mart.orders != orders.orders or mart.sessions != sessions.sessions
