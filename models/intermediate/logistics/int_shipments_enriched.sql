-- One row per shipment of a valid order (shipments of cancelled orders are
-- ignored by every KPI), with its delivery flags.
with

shipments as (

    select * from {{ ref('stg_warehouse__shipments') }}

),

orders as (

    select * from {{ ref('int_orders_enriched') }}

),

warehouses as (

    select * from {{ ref('stg_warehouse__warehouses') }}

),

final as (

    select
        -- ids
        shipments.shipment_id,
        shipments.order_id,
        shipments.warehouse_id,

        -- attributes
        warehouses.operator,
        shipments.shift,
        shipments.picking_method,
        shipments.carrier,
        shipments.fulfilment_error,

        -- timestamps and dates
        shipments.shipped_at,
        shipments.shipped_date,
        shipments.delivered_at,
        shipments.delivered_date,
        shipments.promised_delivery_date,

        -- flags
        shipments.has_fulfilment_error,
        shipments.is_delivered,
        coalesce(
            shipments.is_delivered
            and shipments.delivered_date <= shipments.promised_delivery_date,
            false
        ) as is_on_time,
        coalesce(
            shipments.is_delivered
            and shipments.delivery_attempts = 1
            and shipments.delivered_date <= shipments.promised_delivery_date
            and not shipments.has_fulfilment_error,
            false
        ) as is_first_time_delivery,
        -- the first shipment of an order from a warehouse on a day: an order
        -- shipped twice there that day counts once in orders shipped
        row_number() over (
            partition by
                shipments.order_id,
                shipments.warehouse_id,
                shipments.shipped_date
            order by shipments.shipment_id
        ) = 1 as is_first_of_order_day,

        -- counts and amounts
        shipments.delivery_attempts,
        orders.items as order_items,
        shipments.shipping_cost
    from shipments
    inner join orders
        on shipments.order_id = orders.order_id
    left join warehouses
        on shipments.warehouse_id = warehouses.warehouse_id
    where orders.is_valid

)

select * from final
