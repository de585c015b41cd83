-- Google Ads campaigns as raw contract `campaigns` (D80): the latest version
-- of each campaign; a campaign whose channel type has no session channel is
-- quarantined by name (its dq_file_issue), and its stats with it.
with

campaigns as (

    select * from {{ ref('google_ads_fivetran__campaign_context') }}
    where set_aside_reason is null

),

final as (

    select
        {{ google_ads_campaign_id('source_campaign_id') }} as campaign_id,
        campaign_name,
        'google_ads' as platform,
        channel,
        objective,
        dq_file_issue
    from campaigns

)

select * from final
