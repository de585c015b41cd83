-- NPS responses summed = every survey response; new customers summed over
-- kpi_repeat_purchase_ratio = customers whose first valid order is on or
-- before the as-of date. A sum over no rows counts as 0, so an empty mart
-- fails against a non-zero count.
with

responses as (

    select count(*) as responses
    from {{ ref('stg_survey__nps_responses') }}

),

nps as (

    select coalesce(sum(responses), 0) as responses
    from {{ ref('kpi_net_promoter_score') }}

),

as_of as (

    select * from {{ ref('int_as_of_date') }}

),

customers as (

    select count(*) as customers
    from {{ ref('int_customers_first_orders') }}
    cross join as_of
    where int_customers_first_orders.first_order_date <= as_of.as_of_date

),

repeat_purchase as (

    select coalesce(sum(new_customers), 0) as customers
    from {{ ref('kpi_repeat_purchase_ratio') }}

)

select
    responses.responses,
    nps.responses as mart_responses,
    customers.customers,
    repeat_purchase.customers as mart_customers
from responses
cross join nps
cross join customers
cross join repeat_purchase
where
    nps.responses is distinct from responses.responses
    or repeat_purchase.customers is distinct from customers.customers
