-- Fulfilment cost bookings per local day and warehouse, one column per cost
-- type; several bookings of one key add up. Kept whatever was shipped.
with

fulfilment_costs as (

    select * from {{ ref('stg_warehouse__fulfilment_costs') }}

),

final as (

    select
        cost_date as date_day,
        warehouse_id,
        sum(case when cost_type = 'picking' then amount else 0 end)
            as picking_cost,
        sum(case when cost_type = 'packing' then amount else 0 end)
            as packing_cost,
        sum(case when cost_type = 'storage' then amount else 0 end)
            as storage_cost,
        sum(amount) as booked_cost
    from fulfilment_costs
    group by cost_date, warehouse_id

)

select * from final
