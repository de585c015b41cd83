-- The rows that passed the quarantine (dq_rule NULL in the base model).
with

base as (

    select * from {{ ref('base_shop__products') }}

),

final as (

    select
        product_id,
        product_group_id,
        product_name,
        category,
        brand,
        list_price,
        unit_cost
    from base
    where dq_rule is null

)

select * from final
