-- Items returned summed over kpi_return_rate = returned quantity of valid
-- lines; returns received summed over kpi_return_cycle_time = received
-- returns of valid orders.
with

returns as (

    select
        sum(returned_quantity) as items_returned,
        count(case when is_received then 1 end) as returns_received
    from {{ ref('int_returns_enriched') }}
    where is_valid

),

return_rate as (

    select sum(items_returned) as items_returned
    from {{ ref('kpi_return_rate') }}

),

cycle_time as (

    select sum(returns_received) as returns_received
    from {{ ref('kpi_return_cycle_time') }}

)

select
    returns.items_returned,
    return_rate.items_returned as mart_items_returned,
    returns.returns_received,
    cycle_time.returns_received as mart_returns_received
from returns
cross join return_rate
cross join cycle_time
where
    return_rate.items_returned != returns.items_returned
    or cycle_time.returns_received != returns.returns_received
