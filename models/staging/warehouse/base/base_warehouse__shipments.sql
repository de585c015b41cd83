{%- set raw_rows = raw_source('shipments') %}

with

repeated_keys as {{ materialized() }} (

    {{ dq_repeated_keys(raw_rows, ['shipment_id']) }}

),

-- the raw rows, typed as the spec says (raw_source)
typed as {{ not_materialized() }} (

    select *
    from {{ dq_flag_repeated(raw_rows, ['shipment_id']) }}

),

orders as (

    select * from {{ ref('base_shop__orders') }}

),

warehouses as (

    select * from {{ ref('base_warehouse__warehouses') }}

),

row_checked as {{ not_materialized() }} (

    select
        *,
        coalesce(
            dq_file_issue,
            dq_unparsed,
            case
                when shipment_id is null then 'shipment_id: missing'
                when order_id is null then 'order_id: missing'
                when warehouse_id is null then 'warehouse_id: missing'
                when shift is null then 'shift: missing'
                when shift not in ('early', 'late', 'night')
                    then 'shift: not early, late or night'
                when picking_method is null then 'picking_method: missing'
                when
                    picking_method not in (
                        'single_order', 'batch', 'zone', 'wave'
                    )
                    then 'picking_method: not an allowed value'
                when carrier is null then 'carrier: missing'
                when shipped_at is null then 'shipped_at: missing'
                when promised_delivery_date is null
                    then 'promised_delivery_date: missing'
                when delivered_at < shipped_at
                    then 'delivered_at: before shipped_at'
                when delivery_attempts is null then 'delivery_attempts: missing'
                when delivery_attempts < 0 then 'delivery_attempts: negative'
                when
                    fulfilment_error not in (
                        'wrong_item', 'wrong_size', 'missing_item', 'damaged'
                    )
                    then 'fulfilment_error: not an allowed value'
                when shipping_cost is null then 'shipping_cost: missing'
                when shipping_cost < 0 then 'shipping_cost: negative'
            end
        ) as dq_row_rule
    from typed

),

deduplicated as (

    select *
    from {{ dq_deduplicate('row_checked', ['shipment_id'], 'shipped_at') }}

),

valid_orders as (

    select
        order_id,
        sales_channel,
        ordered_at
    from orders
    where dq_rule is null

),

final as (

    select
        deduplicated.*,
        coalesce(
            deduplicated.dq_row_rule,
            deduplicated.dq_duplicate_rule,
            {{ dq_reference(
                'deduplicated.order_id', 'order_status', 'orders'
            ) }},
            {{ dq_reference(
                'deduplicated.warehouse_id', 'warehouse_status', 'warehouses'
            ) }},
            case
                when valid_orders.sales_channel != 'webshop'
                    then 'order_id: not a webshop order'
                when deduplicated.shipped_at < valid_orders.ordered_at
                    then 'shipped_at: before the order was placed'
            end
        ) as dq_rule
    from deduplicated
    left join {{ dq_parent('orders', 'order_id') }} as order_status
        on deduplicated.order_id = order_status.parent_key
    left join
        {{ dq_parent('warehouses', 'warehouse_id') }} as warehouse_status
        on deduplicated.warehouse_id = warehouse_status.parent_key
    left join valid_orders
        on deduplicated.order_id = valid_orders.order_id

)

select {{ dq_base_columns('shipments', exclude=['dq_is_repeated']) }}
from final
