with

shipments as (

    select * from {{ ref('int_shipments_enriched') }}

),

daily as (

    select
        shipped_date as date_day,
        warehouse_id,
        shift,
        picking_method,
        count(*) as shipments,
        sum(case when has_fulfilment_error then 1 else 0 end)
            as shipments_with_error
    from shipments
    group by shipped_date, warehouse_id, shift, picking_method

),

final as (

    select
        date_day,
        warehouse_id,
        shift,
        picking_method,
        {{ to_count('shipments') }} as shipments,
        {{ to_count('shipments_with_error') }} as shipments_with_error,
        {{ safe_divide('shipments_with_error', 'shipments') }}
            as fulfilment_error_rate
    from daily

)

select * from final
