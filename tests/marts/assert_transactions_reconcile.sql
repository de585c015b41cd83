-- Transactions summed over kpi_visitors_per_day equal all valid orders;
-- over kpi_store_conversion_rate, the valid store orders. A sum over no rows
-- counts as 0, so an empty mart fails against a non-zero count.
with

valid_orders as (

    select
        count(*) as orders,
        count(case when sales_channel = 'store' then 1 end) as store_orders
    from {{ ref('int_orders_enriched') }}
    where is_valid

),

visitors as (

    select coalesce(sum(transactions), 0) as transactions
    from {{ ref('kpi_visitors_per_day') }}

),

stores as (

    select coalesce(sum(transactions), 0) as transactions
    from {{ ref('kpi_store_conversion_rate') }}

)

select
    valid_orders.orders,
    visitors.transactions as visitor_mart_transactions,
    valid_orders.store_orders,
    stores.transactions as store_mart_transactions
from valid_orders
cross join visitors
cross join stores
where
    visitors.transactions is distinct from valid_orders.orders
    or stores.transactions is distinct from valid_orders.store_orders
