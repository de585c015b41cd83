-- Meta's basic_ad rows summed to campaign and day as raw contract
-- `ad_performance` (D81): impressions, link clicks (inline_link_clicks),
-- spend converted to the reporting currency, purchases of one action type.
-- Reach is the sum over the campaign's ads: exact for a campaign with one
-- ad that day, else an upper bound (a person reached by two ads counts
-- twice). Report dates are the ad account's days (no shift).
with

reports as (

    select * from {{ ref('facebook_ads_fivetran__ad_report_context') }}

),

final as (

    select
        report_date,
        {{ contract_id('meta_ads', 'campaign_day_campaign_id') }}
            as campaign_id,
        {{ contract_sum_text('impressions', 'integer') }} as impressions,
        {{ contract_sum_text('reach', 'integer') }} as reach,
        {{ contract_sum_text('clicks', 'integer') }} as clicks,
        {{ contract_sum_text('spend', 'money', 'fx_rate') }} as cost,
        {{ contract_sum_text('purchases', 'integer') }}
            as platform_conversions,
        min(row_issue) as dq_file_issue
    from reports
    group by report_date, campaign_day_campaign_id, campaign_day_ad_id

)

select * from final
