-- Fulfilment cost summed over kpi_fulfilment_cost_per_order = all cost
-- bookings + the shipping cost of shipments of valid orders. A sum over no
-- rows counts as 0: an empty mart fails against a non-zero total, and a feed
-- without shipments still compares the bookings (NULL + x would be NULL).
with

bookings as (

    select coalesce(sum(amount), 0) as booked_cost
    from {{ ref('stg_warehouse__fulfilment_costs') }}

),

shipping as (

    select coalesce(sum(shipping_cost), 0) as shipping_cost
    from {{ ref('int_shipments_enriched') }}

),

mart as (

    select coalesce(sum(total_fulfilment_cost), 0) as total_fulfilment_cost
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
    is distinct from bookings.booked_cost + shipping.shipping_cost
