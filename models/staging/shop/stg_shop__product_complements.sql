-- The rows that passed the quarantine (dq_rule NULL in the base model).
with

base as (

    select * from {{ ref('base_shop__product_complements') }}

),

final as (

    select
        product_group_id,
        complement_group_id
    from base
    where dq_rule is null

)

select * from final
