-- Customers summed over kpi_cross_sell_ratio = distinct (customer, local
-- day) pairs with a valid order; upsell eligible customers <= customers.
with

customer_days as (

    select count(*) as customer_days
    from (
        select distinct
            customer_id,
            order_date
        from {{ ref('int_orders_enriched') }}
        where is_valid and customer_id is not null
    ) as pairs

),

cross_sell as (

    select sum(customers) as customers
    from {{ ref('kpi_cross_sell_ratio') }}

),

upsell as (

    select sum(eligible_customers) as eligible_customers
    from {{ ref('kpi_upsell_ratio') }}

)

select
    customer_days.customer_days,
    cross_sell.customers,
    upsell.eligible_customers
from customer_days
cross join cross_sell
cross join upsell
where
    cross_sell.customers != customer_days.customer_days
    or upsell.eligible_customers > cross_sell.customers
