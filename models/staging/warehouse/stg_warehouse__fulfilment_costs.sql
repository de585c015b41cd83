-- The rows that passed the quarantine (dq_rule NULL in the base model).
with

base as (

    select * from {{ ref('base_warehouse__fulfilment_costs') }}

),

final as (

    select
        cost_date,
        warehouse_id,
        cost_type,
        amount
    from base
    where dq_rule is null

)

select * from final
