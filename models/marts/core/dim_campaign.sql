-- Ad-platform campaigns plus campaign ids seen only on sessions (e.g.
-- newsletters), so every campaign_id of the marts has a row.
with

campaigns as (

    select * from {{ ref('stg_marketing__campaigns') }}

),

sessions as (

    select * from {{ ref('stg_web_analytics__sessions') }}

),

session_only as (

    select
        campaign_id,
        min(channel) as channel
    from sessions
    where
        campaign_id is not null
        and campaign_id not in (select campaigns.campaign_id from campaigns)
    group by campaign_id

),

final as (

    select
        campaign_id,
        campaign_name,
        platform,
        channel,
        objective,
        true as is_ad_platform_campaign
    from campaigns

    union all

    select
        campaign_id,
        campaign_id as campaign_name,
        'none' as platform,
        channel,
        cast(null as {{ dbt.type_string() }}) as objective,
        false as is_ad_platform_campaign
    from session_only

)

select * from final
