-- Items returned summed over kpi_return_rate = returned quantity of valid
-- lines; returns received summed over kpi_return_cycle_time = received
-- returns of valid orders. A sum over no rows counts as 0, so an empty mart
-- fails against a non-zero total.
with

returns as (

    select
        coalesce(sum(returned_quantity), 0) as items_returned,
        count(case when is_received then 1 end) as returns_received
    from {{ ref('int_returns_enriched') }}
    where is_valid

),

return_rate as (

    select coalesce(sum(items_returned), 0) as items_returned
    from {{ ref('kpi_return_rate') }}

),

cycle_time as (

    select coalesce(sum(returns_received), 0) as returns_received
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
    return_rate.items_returned is distinct from returns.items_returned
    or cycle_time.returns_received is distinct from returns.returns_received
