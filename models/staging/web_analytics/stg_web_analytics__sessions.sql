-- The rows that passed the quarantine (dq_rule NULL in the base model).
with

base as (

    select * from {{ ref('base_web_analytics__sessions') }}

),

final as (

    select
        session_id,
        visitor_id,
        customer_id,
        campaign_id,
        device_category,
        channel,
        landing_page,
        session_start_at,
        duration_seconds,
        pageviews,
        interactions,
        -- the base model's partition: the local date of session_start_at
        dq_partition_date as session_date
    from base
    where dq_rule is null

)

select * from final
