-- Meta campaigns as raw contract `campaigns` (D81): the latest version of
-- each landed campaign; platform `meta` (the demo's and the marts' value),
-- channel paid_social, the objective as a funnel stage.
with

campaigns as (

    select * from {{ ref('facebook_ads_fivetran__campaign_context') }}
    where set_aside_reason is null

),

final as (

    select
        {{ contract_id('meta_ads', 'source_campaign_id') }} as campaign_id,
        campaign_name,
        'meta' as platform,
        'paid_social' as channel,
        objective,
        dq_file_issue
    from campaigns

)

select * from final
