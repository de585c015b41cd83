-- Do fulfilment errors drive returns? Per warehouse: fulfilment error rate
-- next to the return rate of the orders it shipped.
with

shipments as (

    select * from {{ ref('int_shipments_enriched') }}

),

order_lines as (

    select * from {{ ref('int_order_lines_enriched') }}

),

returns as (

    select * from {{ ref('int_returns_enriched') }}

),

order_warehouse as (

    -- an order split over warehouses is attributed to its first shipment
    select
        order_id,
        min(warehouse_id) as warehouse_id
    from shipments
    group by order_id

),

returned_per_line as (

    select
        order_line_id,
        sum(returned_quantity) as items_returned
    from returns
    group by order_line_id

),

returns_per_warehouse as (

    select
        order_warehouse.warehouse_id,
        sum(order_lines.quantity) as items_sold,
        sum(coalesce(returned_per_line.items_returned, 0)) as items_returned
    from order_lines
    inner join order_warehouse
        on order_lines.order_id = order_warehouse.order_id
    left join returned_per_line
        on order_lines.order_line_id = returned_per_line.order_line_id
    group by order_warehouse.warehouse_id

),

errors_per_warehouse as (

    select
        warehouse_id,
        count(*) as shipments,
        count(case when has_fulfilment_error then 1 end) as shipments_with_error
    from shipments
    group by warehouse_id

),

final as (

    select
        errors_per_warehouse.warehouse_id,
        errors_per_warehouse.shipments,
        1.0 * errors_per_warehouse.shipments_with_error
        / errors_per_warehouse.shipments as fulfilment_error_rate,
        returns_per_warehouse.items_sold,
        1.0 * returns_per_warehouse.items_returned
        / returns_per_warehouse.items_sold as return_rate
    from errors_per_warehouse
    inner join returns_per_warehouse
        on
            errors_per_warehouse.warehouse_id
            = returns_per_warehouse.warehouse_id

)

select * from final
