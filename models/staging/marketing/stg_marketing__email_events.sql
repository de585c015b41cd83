-- The rows that passed the quarantine (dq_rule NULL in the base model).
with

base as (

    select * from {{ ref('base_marketing__email_events') }}

),

final as (

    select
        event_id,
        campaign_id,
        recipient_id,
        customer_id,
        event_type,
        event_at
    from base
    where dq_rule is null

)

select * from final
