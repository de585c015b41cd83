-- The rows that passed the quarantine (dq_rule NULL in the base model).
with

base as (

    select * from {{ ref('base_survey__nps_responses') }}

),

final as (

    select
        response_id,
        customer_id,
        order_id,
        touchpoint,
        responded_at,
        score,
        {{ to_local_date('responded_at') }} as responded_date
    from base
    where dq_rule is null

)

select * from final
