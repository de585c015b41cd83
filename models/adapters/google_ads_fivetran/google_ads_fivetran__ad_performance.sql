-- Google Ads campaign days as raw contract `ad_performance` (D80): the
-- segment rows of a campaign, account and day summed; cost from micros in
-- the account currency, converted at the day's rate and rounded to cents
-- once; the fractional conversions rounded half away from zero; no reach
-- (Google Ads reports none per day).
with

stats as (

    select * from {{ ref('google_ads_fivetran__stats_context') }}
    where set_aside_reason is null

),

days as (

    select
        source_account_id,
        source_campaign_id,
        report_date_text,
        sum(impressions) as impressions,
        sum(clicks) as clicks,
        sum(cost_micros) as cost_micros,
        sum(conversions) as conversions,
        min(fx_rate) as fx_rate,
        coalesce(
            min(dq_file_issue),
            min(value_issue),
            min(account_issue),
            min(fx_issue)
        ) as dq_file_issue
    from stats
    group by 1, 2, 3

),

final as (

    select
        report_date_text as report_date,
        {{ google_ads_campaign_id('source_campaign_id') }} as campaign_id,
        {{ contract_integer_text('cast(impressions as varchar)') }}
            as impressions,
        cast(null as varchar) as reach,
        {{ contract_integer_text('cast(clicks as varchar)') }} as clicks,
        -- micros times a decimal 0.000001: exact, no floating division;
        -- `cost` is the contract's column name
        {{ contract_money_text('cost_micros * 0.000001 * fx_rate') }}
            as cost,  -- noqa: RF04
        cast(cast(round(conversions) as bigint) as varchar)
            as platform_conversions,
        dq_file_issue
    from days

)

select * from final
