-- The rows that passed the quarantine (dq_rule NULL in the base model).
with

base as (

    select * from {{ ref('base_web_analytics__product_views') }}

),

final as (

    select
        view_id,
        session_id,
        product_id,
        viewed_at,
        -- the base model's partition: the local date of viewed_at
        dq_partition_date as view_date
    from base
    where dq_rule is null

)

select * from final
