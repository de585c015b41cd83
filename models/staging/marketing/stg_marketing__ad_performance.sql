-- The rows that passed the quarantine (dq_rule NULL in the base model).
with

base as (

    select * from {{ ref('base_marketing__ad_performance') }}

),

final as (

    select
        report_date,
        campaign_id,
        impressions,
        reach,
        clicks,
        ad_cost,
        platform_conversions
    from base
    where dq_rule is null

)

select * from final
