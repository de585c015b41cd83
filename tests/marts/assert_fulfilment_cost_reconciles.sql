-- Fulfilment cost summed over kpi_fulfilment_cost_per_order = all cost
-- bookings + the shipping cost of shipments of valid orders.
with

bookings as (

    select sum(amount) as booked_cost
    from {{ ref('stg_warehouse__fulfilment_costs') }}

),

shipping as (

    select sum(shipping_cost) as shipping_cost
    from {{ ref('int_shipments_enriched') }}

),

mart as (

    select sum(total_fulfilment_cost) as total_fulfilment_cost
    from {{ ref('kpi_fulfilment_cost_per_order') }}

)

select
    bookings.booked_cost,
    shipping.shipping_cost,
    mart.total_fulfilment_cost
from bookings
cross join shipping
cross join mart
where
    mart.total_fulfilment_cost
    != bookings.booked_cost + shipping.shipping_cost
