-- One row per landed campaign version (D81): the latest version of each
-- campaign (by updated_time) is the campaign, its objective mapped onto the
-- contract's funnel stages (macro meta_ads_objective); older versions are
-- set aside.
with

campaigns as (

    select * from {{ ref('facebook_ads_fivetran__landed_campaign_history') }}

),

parsed as (

    select
        {{ landed_text('id') }} as source_campaign_id,
        dq_file_issue,
        {{ landed_timestamp('updated_time') }} as updated_at,
        {{ landed_text('name') }} as campaign_name,
        {{ landed_text('objective') }} as landed_objective,
        {{ meta_ads_objective('objective') }} as objective
    from campaigns

),

final as (

    select
        *,
        case
            when
                row_number() over (
                    partition by source_campaign_id
                    order by
                        updated_at desc nulls last,
                        campaign_name asc,
                        landed_objective asc
                ) > 1
                then 'an older version of the campaign'
        end as set_aside_reason
    from parsed

)

select * from final
