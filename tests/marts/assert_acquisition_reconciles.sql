-- Marketing cost summed over kpi_cost_per_acquisition equals ad spend plus
-- other marketing costs; new customers equal customers with a valid order.
with

costs as (

    select sum(ad_cost) + sum(other_marketing_cost) as marketing_cost
    from {{ ref('int_marketing_costs_daily') }}

),

customers as (

    select count(*) as new_customers
    from {{ ref('int_customers_first_orders') }}
    where first_order_id is not null

),

mart as (

    select
        sum(marketing_cost) as marketing_cost,
        sum(new_customers) as new_customers
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
    mart.marketing_cost != costs.marketing_cost
    or mart.new_customers != customers.new_customers
