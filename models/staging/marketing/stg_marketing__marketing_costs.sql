-- The rows that passed the quarantine (dq_rule NULL in the base model).
with

base as (

    select * from {{ ref('base_marketing__marketing_costs') }}

),

final as (

    select
        cost_date,
        channel,
        cost_type,
        amount
    from base
    where dq_rule is null

)

select * from final
