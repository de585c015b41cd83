with

source as (

    select * from {{ raw_source('shipments') }}

),

typed as (

    select
        -- ids
        nullif(trim(shipment_id), '') as shipment_id,
        nullif(trim(order_id), '') as order_id,
        nullif(trim(warehouse_id), '') as warehouse_id,

        -- attributes
        nullif(lower(trim(shift)), '') as shift,
        nullif(lower(trim(picking_method)), '') as picking_method,
        nullif(trim(carrier), '') as carrier,
        nullif(lower(trim(fulfilment_error)), '') as fulfilment_error,

        -- timestamps and dates
        {{ dbt.safe_cast('shipped_at', 'timestamp') }} as shipped_at,
        {{ dbt.safe_cast('delivered_at', 'timestamp') }} as delivered_at,
        {{ dbt.safe_cast('promised_delivery_date', 'date') }}
            as promised_delivery_date,

        -- counts and amounts
        {{ dbt.safe_cast('delivery_attempts', 'integer') }}
            as delivery_attempts,
        {{ dbt.safe_cast('shipping_cost', 'decimal(18, 2)') }} as shipping_cost
    from source

),

final as (

    select
        *,
        delivered_at is not null as is_delivered,
        fulfilment_error is not null as has_fulfilment_error,
        {{ to_local_date('shipped_at') }} as shipped_date,
        {{ to_local_date('delivered_at') }} as delivered_date
    from typed

)

select * from final
