-- The rows that passed the quarantine (dq_rule NULL in the base model).
with

base as (

    select * from {{ ref('base_warehouse__shipments') }}

),

final as (

    select
        shipment_id,
        order_id,
        warehouse_id,
        shift,
        picking_method,
        carrier,
        fulfilment_error,
        shipped_at,
        delivered_at,
        promised_delivery_date,
        delivery_attempts,
        shipping_cost,
        delivered_at is not null as is_delivered,
        fulfilment_error is not null as has_fulfilment_error,
        {{ to_local_date('shipped_at') }} as shipped_date,
        {{ to_local_date('delivered_at') }} as delivered_date
    from base
    where dq_rule is null

)

select * from final
