with

shipments as (

    select * from {{ ref('int_shipments_enriched') }}

),

fulfilment_costs as (

    select * from {{ ref('int_fulfilment_costs_daily') }}

),

warehouses as (

    select * from {{ ref('stg_warehouse__warehouses') }}

),

-- an order shipped twice on one day from one warehouse counts once there
shipped_orders as (

    select
        shipped_date as date_day,
        warehouse_id,
        order_id,
        max(order_items) as order_items,
        sum(shipping_cost) as shipping_cost
    from shipments
    group by shipped_date, warehouse_id, order_id

),

shipped_daily as (

    select
        date_day,
        warehouse_id,
        count(*) as orders_shipped,
        sum(order_items) as items_shipped,
        sum(shipping_cost) as shipping_cost
    from shipped_orders
    group by date_day, warehouse_id

),

joined as (

    select
        coalesce(shipped_daily.date_day, fulfilment_costs.date_day)
            as date_day,
        coalesce(shipped_daily.warehouse_id, fulfilment_costs.warehouse_id)
            as warehouse_id,
        coalesce(shipped_daily.orders_shipped, 0) as orders_shipped,
        coalesce(shipped_daily.items_shipped, 0) as items_shipped,
        coalesce(fulfilment_costs.picking_cost, 0) as picking_cost,
        coalesce(fulfilment_costs.packing_cost, 0) as packing_cost,
        coalesce(fulfilment_costs.storage_cost, 0) as storage_cost,
        coalesce(shipped_daily.shipping_cost, 0) as shipping_cost
    from shipped_daily
    full outer join fulfilment_costs
        on
            shipped_daily.date_day = fulfilment_costs.date_day
            and shipped_daily.warehouse_id = fulfilment_costs.warehouse_id

),

totals as (

    select
        *,
        picking_cost + packing_cost + storage_cost + shipping_cost
            as total_fulfilment_cost
    from joined

),

final as (

    select
        totals.date_day,
        totals.warehouse_id,
        {{ to_count('totals.orders_shipped') }} as orders_shipped,
        {{ to_count('totals.items_shipped') }} as items_shipped,
        {{ to_money('totals.picking_cost') }} as picking_cost,
        {{ to_money('totals.packing_cost') }} as packing_cost,
        {{ to_money('totals.storage_cost') }} as storage_cost,
        {{ to_money('totals.shipping_cost') }} as shipping_cost,
        {{ to_money('totals.total_fulfilment_cost') }} as total_fulfilment_cost,
        {{ safe_divide(
            'totals.total_fulfilment_cost', 'totals.orders_shipped'
        ) }} as fulfilment_cost_per_order,
        {{ safe_divide(
            'totals.total_fulfilment_cost', 'totals.items_shipped'
        ) }} as fulfilment_cost_per_item,
        warehouses.operator
    from totals
    left join warehouses
        on totals.warehouse_id = warehouses.warehouse_id
    where totals.orders_shipped != 0 or totals.total_fulfilment_cost != 0

)

select * from final
