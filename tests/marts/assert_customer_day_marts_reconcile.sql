-- Customers summed over kpi_cross_sell_ratio = distinct (customer, local
-- day) pairs with a valid order; eligible customers summed over
-- kpi_upsell_ratio = those pairs with a valid line of an upgradable product
-- group. Both are counted here from the order lines and orders, not from
-- int_customer_days, which the two marts read. A sum over no rows counts as
-- 0, so an empty mart fails against a non-zero count.
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

upgradable_days as (

    select count(*) as customer_days
    from (
        select distinct
            customer_id,
            order_date
        from {{ ref('int_order_lines_enriched') }}
        where is_valid and customer_id is not null and is_upgradable_group
    ) as pairs

),

cross_sell as (

    select coalesce(sum(customers), 0) as customers
    from {{ ref('kpi_cross_sell_ratio') }}

),

upsell as (

    select coalesce(sum(eligible_customers), 0) as eligible_customers
    from {{ ref('kpi_upsell_ratio') }}

)

select
    customer_days.customer_days,
    cross_sell.customers,
    upgradable_days.customer_days as upgradable_customer_days,
    upsell.eligible_customers
from customer_days
cross join upgradable_days
cross join cross_sell
cross join upsell
where
    cross_sell.customers is distinct from customer_days.customer_days
    or upsell.eligible_customers
    is distinct from upgradable_days.customer_days
