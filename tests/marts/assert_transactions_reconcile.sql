-- Transactions summed over kpi_visitors_per_day equal all valid orders;
-- over kpi_store_conversion_rate, the valid store orders.
with

valid_orders as (

    select
        count(*) as orders,
        sum(case when sales_channel = 'store' then 1 else 0 end)
            as store_orders
    from {{ ref('int_orders_enriched') }}
    where is_valid

),

visitors as (

    select sum(transactions) as transactions
    from {{ ref('kpi_visitors_per_day') }}

),

stores as (

    select sum(transactions) as transactions
    from {{ ref('kpi_store_conversion_rate') }}

)

select
    valid_orders.orders,
    visitors.transactions as visitor_mart_transactions,
    stores.transactions as store_mart_transactions
from valid_orders
cross join visitors
cross join stores
where
    visitors.transactions != valid_orders.orders
    or stores.transactions != valid_orders.store_orders
