with

source as (

    select * from {{ raw_source('warehouses') }}

),

final as (

    select
        nullif(trim(warehouse_id), '') as warehouse_id,
        nullif(trim(warehouse_name), '') as warehouse_name,
        nullif(lower(trim(operator)), '') as operator
    from source

)

select * from final
