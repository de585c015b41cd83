-- The rows that passed the quarantine (dq_rule NULL in the base model).
with

base as (

    select * from {{ ref('base_shop__customers') }}

),

final as (

    select
        customer_id,
        email_hash,
        customer_type,
        country_code,
        created_at,
        {{ to_local_date('created_at') }} as created_date
    from base
    where dq_rule is null

)

select * from final
