-- Shipments summed over kpi_fulfilment_error_rate and
-- kpi_first_time_delivery_rate = shipments of valid orders, counted here
-- from staging, independently of int_shipments_enriched. A sum over no rows
-- counts as 0, so an empty mart fails against a non-zero count.
with

shipments as (

    select * from {{ ref('stg_warehouse__shipments') }}

),

orders as (

    select * from {{ ref('stg_shop__orders') }}

),

valid_shipments as (

    select count(*) as shipments
    from shipments
    inner join orders
        on shipments.order_id = orders.order_id
    where not orders.is_cancelled

),

error_rate as (

    select coalesce(sum(shipments), 0) as shipments
    from {{ ref('kpi_fulfilment_error_rate') }}

),

first_time as (

    select coalesce(sum(shipments), 0) as shipments
    from {{ ref('kpi_first_time_delivery_rate') }}

)

select
    valid_shipments.shipments,
    error_rate.shipments as error_mart_shipments,
    first_time.shipments as first_time_mart_shipments
from valid_shipments
cross join error_rate
cross join first_time
where
    error_rate.shipments is distinct from valid_shipments.shipments
    or first_time.shipments is distinct from valid_shipments.shipments
