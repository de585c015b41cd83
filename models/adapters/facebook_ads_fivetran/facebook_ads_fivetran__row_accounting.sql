-- Where every landed Facebook Ads row went (D81), one row per landed
-- table, outcome, contract table and reason: `mapped` (the first basic_ad
-- row of a campaign day, the latest campaign version), `merged` (the other
-- ads of the campaign day, the purchases of the chosen action type, the
-- latest ad and account versions) or `set_aside` (older versions, other
-- action types). Each landed row is counted once.
with

reports as (

    select * from {{ ref('facebook_ads_fivetran__ad_report_context') }}

),

report_keys as (

    select distinct
        source_ad_id,
        report_date
    from reports

),

{%- set purchase_type = source_adapter_option(
    'facebook_ads_fivetran', 'purchase_action_type') %}

action_fates as (

    select
        case
            when
                coalesce({{ landed_text('actions.action_type') }}, '')
                != {{ sql_string(purchase_type) }}
                then
                    'not the purchase action type '
                    || {{ sql_string(purchase_type) }}
                    || ' (action types overlap)'
            when report_keys.source_ad_id is null
                then 'no landed basic_ad row'
        end as reason
    from
        {{ ref('facebook_ads_fivetran__landed_basic_ad_actions') }}
            as actions
    left join report_keys
        on
            {{ landed_text('actions.ad_id') }} = report_keys.source_ad_id
            and {{ landed_text('actions.date') }} = report_keys.report_date

),

classified as (

    select
        'basic_ad' as landed_table,
        case
            when is_first_of_campaign_day then 'mapped' else 'merged'
        end as outcome,
        'ad_performance' as contract_table,
        cast(null as varchar) as reason
    from reports

    union all

    select
        'basic_ad_actions' as landed_table,
        case when reason is null then 'merged' else 'set_aside' end as outcome,
        'ad_performance' as contract_table,
        reason
    from action_fates

    union all

    select
        'ad_history' as landed_table,
        case
            when set_aside_reason is null then 'merged' else 'set_aside'
        end as outcome,
        'ad_performance' as contract_table,
        set_aside_reason as reason
    from {{ ref('facebook_ads_fivetran__ad_context') }}

    union all

    select
        'campaign_history' as landed_table,
        case
            when set_aside_reason is null then 'mapped' else 'set_aside'
        end as outcome,
        'campaigns' as contract_table,
        set_aside_reason as reason
    from {{ ref('facebook_ads_fivetran__campaign_context') }}

    union all

    select
        'account_history' as landed_table,
        case
            when set_aside_reason is null then 'merged' else 'set_aside'
        end as outcome,
        'ad_performance' as contract_table,
        set_aside_reason as reason
    from {{ ref('facebook_ads_fivetran__account_context') }}

),

final as (

    select
        'facebook_ads_fivetran' as adapter,
        landed_table,
        outcome,
        contract_table,
        reason,
        count(*) as landed_rows
    from classified
    group by all

)

select * from final
