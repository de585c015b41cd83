-- One row per landed ad version (D81): the latest version of each ad (by
-- updated_time) names the campaign all its report rows count for, also
-- those of days before the ad moved; older versions are set aside.
with

ads as (

    select * from {{ ref('facebook_ads_fivetran__landed_ad_history') }}

),

parsed as (

    select
        {{ landed_text('id') }} as source_ad_id,
        dq_file_issue,
        {{ landed_timestamp('updated_time') }} as updated_at,
        {{ landed_text('campaign_id') }} as source_campaign_id,
        {{ landed_text('account_id') }} as source_account_id
    from ads

),

final as (

    select
        *,
        case
            when
                row_number() over (
                    partition by source_ad_id
                    order by
                        updated_at desc nulls last,
                        source_campaign_id asc,
                        source_account_id asc
                ) > 1
                then 'an older version of the ad'
        end as set_aside_reason
    from parsed

)

select * from final
