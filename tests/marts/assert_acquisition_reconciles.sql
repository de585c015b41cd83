-- Marketing cost summed over kpi_cost_per_acquisition equals ad spend plus
-- other marketing costs; new customers equal customers with a valid order.
-- A sum over no rows counts as 0, so an empty mart fails against a non-zero
-- total (a plain != would compare with NULL and pass).
with

costs as (

    select
        coalesce(sum(ad_cost), 0)
        + coalesce(sum(other_marketing_cost), 0) as marketing_cost
    from {{ ref('int_marketing_costs_daily') }}

),

customers as (

    select count(*) as new_customers
    from {{ ref('int_customers_first_orders') }}
    where first_order_id is not null

),

mart as (

    select
        coalesce(sum(marketing_cost), 0) as marketing_cost,
        coalesce(sum(new_customers), 0) as new_customers
    from {{ ref('kpi_cost_per_acquisition') }}

)

select
    costs.marketing_cost,
    mart.marketing_cost as mart_marketing_cost,
    customers.new_customers,
    mart.new_customers as mart_new_customers
from costs
cross join customers
cross join mart
where
    mart.marketing_cost is distinct from costs.marketing_cost
    or mart.new_customers is distinct from customers.new_customers
