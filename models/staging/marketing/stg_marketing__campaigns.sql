-- The rows that passed the quarantine (dq_rule NULL in the base model).
with

base as (

    select * from {{ ref('base_marketing__campaigns') }}

),

final as (

    select
        campaign_id,
        campaign_name,
        platform,
        channel,
        objective
    from base
    where dq_rule is null

)

select * from final
