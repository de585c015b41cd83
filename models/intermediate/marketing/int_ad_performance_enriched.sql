with

ad_performance as (

    select * from {{ ref('stg_marketing__ad_performance') }}

),

campaigns as (

    select * from {{ ref('stg_marketing__campaigns') }}

),

final as (

    select
        ad_performance.report_date,
        ad_performance.campaign_id,
        campaigns.campaign_name,
        campaigns.platform,
        campaigns.channel,
        campaigns.objective,
        ad_performance.impressions,
        ad_performance.reach,
        ad_performance.clicks,
        ad_performance.ad_cost,
        ad_performance.platform_conversions
    from ad_performance
    left join campaigns
        on ad_performance.campaign_id = campaigns.campaign_id

)

select * from final
