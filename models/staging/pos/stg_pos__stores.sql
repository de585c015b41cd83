-- The rows that passed the quarantine (dq_rule NULL in the base model).
with

base as (

    select * from {{ ref('base_pos__stores') }}

),

final as (

    select
        store_id,
        store_name,
        city
    from base
    where dq_rule is null

)

select * from final
