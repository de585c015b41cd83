-- Klaviyo campaigns and flows as raw contract `campaigns` (D83): platform
-- `klaviyo`, channel `email`; what klaviyo_fivetran__campaign_context set
-- aside is left out.
with

campaigns as (

    select * from {{ ref('klaviyo_fivetran__campaign_context') }}
    where set_aside_reason is null

),

final as (

    select
        campaign_id,
        campaign_name,
        'klaviyo' as platform,
        'email' as channel,
        objective,
        dq_file_issue
    from campaigns

)

select * from final
