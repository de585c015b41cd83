-- Where every landed Google Ads row went (D80), one row per landed table,
-- outcome, contract table and reason: a campaign's latest version is
-- `mapped` (campaigns), older versions are set aside; of a campaign-day's
-- segment rows the first is `mapped` (ad_performance) and the others
-- `merged` into it, a repeated _fivetran_id is set aside; an account's
-- latest version is `merged` (its currency converts the costs), older
-- versions are set aside.
with

stats as (

    select * from {{ ref('google_ads_fivetran__stats_context') }}

),

campaigns as (

    select * from {{ ref('google_ads_fivetran__campaign_context') }}

),

accounts as (

    select * from {{ ref('google_ads_fivetran__account_context') }}

),

classified as (

    select
        'campaign_stats' as landed_table,
        case
            when set_aside_reason is not null then 'set_aside'
            when is_first_of_day then 'mapped'
            else 'merged'
        end as outcome,
        'ad_performance' as contract_table,
        set_aside_reason as reason
    from stats
    union all
    select
        'campaign_history' as landed_table,
        case
            when set_aside_reason is null then 'mapped' else 'set_aside'
        end as outcome,
        'campaigns' as contract_table,
        set_aside_reason as reason
    from campaigns
    union all
    select
        'account_history' as landed_table,
        case
            when set_aside_reason is null then 'merged' else 'set_aside'
        end as outcome,
        'ad_performance' as contract_table,
        set_aside_reason as reason
    from accounts

),

final as (

    select
        'google_ads_fivetran' as adapter,
        landed_table,
        outcome,
        contract_table,
        reason,
        count(*) as landed_rows
    from classified
    group by all

)

select * from final
