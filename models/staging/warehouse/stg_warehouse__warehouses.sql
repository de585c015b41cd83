with

source as (

    select * from {{ raw_source('warehouses') }}

),

final as (

    select
        trim(warehouse_id) as warehouse_id,
        trim(warehouse_name) as warehouse_name,
        lower(trim(operator)) as operator
    from source

)

select * from final
