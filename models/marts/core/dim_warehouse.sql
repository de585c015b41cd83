with

warehouses as (

    select * from {{ ref('stg_warehouse__warehouses') }}

),

final as (

    select
        warehouse_id,
        warehouse_name,
        operator
    from warehouses

)

select * from final
