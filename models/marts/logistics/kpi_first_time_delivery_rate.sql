with

shipments as (

    select * from {{ ref('int_shipments_enriched') }}

),

daily as (

    select
        shipped_date as date_day,
        carrier,
        warehouse_id,
        count(*) as shipments,
        sum(case when is_first_time_delivery then 1 else 0 end)
            as first_time_deliveries
    from shipments
    group by shipped_date, carrier, warehouse_id

),

final as (

    select
        date_day,
        carrier,
        warehouse_id,
        {{ to_count('shipments') }} as shipments,
        {{ to_count('first_time_deliveries') }} as first_time_deliveries,
        {{ safe_divide('first_time_deliveries', 'shipments') }}
            as first_time_delivery_rate
    from daily

)

select * from final
