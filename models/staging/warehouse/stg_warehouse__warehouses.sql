-- The rows that passed the quarantine (dq_rule NULL in the base model).
with

base as (

    select * from {{ ref('base_warehouse__warehouses') }}

),

final as (

    select
        warehouse_id,
        warehouse_name,
        operator
    from base
    where dq_rule is null

)

select * from final
