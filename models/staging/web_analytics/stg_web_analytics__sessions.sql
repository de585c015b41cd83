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
        {{ to_local_date('session_start_at') }} as session_date
    from base
    where dq_rule is null

)

select * from final
