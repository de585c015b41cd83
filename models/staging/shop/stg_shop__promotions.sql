-- The rows that passed the quarantine (dq_rule NULL in the base model).
with

base as (

    select * from {{ ref('base_shop__promotions') }}

),

final as (

    select
        promotion_id,
        promotion_name,
        promotion_type,
        starts_on,
        ends_on
    from base
    where dq_rule is null

)

select * from final
