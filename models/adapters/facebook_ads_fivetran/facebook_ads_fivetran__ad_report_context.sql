-- One row per landed basic_ad row (an ad's day, D81): the campaign of the
-- ad's latest version, the account's currency and its rate on the report
-- date, the purchases of the one action type option purchase_action_type
-- (action types overlap: never summed), and the campaign day the row is
-- summed into. A row the adapter cannot place (an ad without history, an
-- account without a currency, no rate) or an ad's reach or clicks above
-- its impressions is passed on with the reason in dq_file_issue and
-- quarantined by staging (an ad without history: its own campaign day).
with

reports as (

    select * from {{ ref('facebook_ads_fivetran__landed_basic_ad') }}

),

ads as (

    select * from {{ ref('facebook_ads_fivetran__ad_context') }}
    where set_aside_reason is null

),

accounts as (

    select * from {{ ref('facebook_ads_fivetran__account_context') }}
    where set_aside_reason is null

),

actions as (

    select * from {{ ref('facebook_ads_fivetran__landed_basic_ad_actions') }}

),

rates as (

    select * from {{ ref('stg_finance__fx_rates') }}

),

purchases as (

    select
        {{ landed_text('ad_id') }} as source_ad_id,
        {{ landed_text('date') }} as report_date,
        max(dq_file_issue) as dq_file_issue,
        {{ contract_sum_text('value', 'integer') }} as purchases
    from actions
    where
        {{ landed_text('action_type') }}
        = {{ sql_string(source_adapter_option(
            'facebook_ads_fivetran', 'purchase_action_type')) }}
    group by 1, 2

),

parsed as (

    select
        {{ landed_text('reports.ad_id') }} as source_ad_id,
        {{ landed_text('reports.date') }} as report_date,
        {{ dbt.safe_cast(landed_text('reports.date'), 'date') }} as rate_date,
        ads.source_campaign_id,
        coalesce(
            {{ landed_text('reports.account_id') }}, ads.source_account_id
        ) as source_account_id,
        coalesce(reports.dq_file_issue, purchases.dq_file_issue)
            as dq_file_issue,
        ads.source_ad_id is not null as has_ad_history,
        reports.impressions,
        reports.inline_link_clicks as clicks,
        reports.spend,
        reports.reach,
        coalesce(purchases.purchases, '0') as purchases
    from reports
    left join ads
        on {{ landed_text('reports.ad_id') }} = ads.source_ad_id
    left join purchases
        on
            {{ landed_text('reports.ad_id') }} = purchases.source_ad_id
            and {{ landed_text('reports.date') }} = purchases.report_date

),

converted as (

    select
        parsed.*,
        accounts.currency,
        {{ fx_rate('accounts.currency', 'rates.rate_to_reporting') }}
            as fx_rate,
        coalesce(
            parsed.dq_file_issue,
            case
                when not parsed.has_ad_history
                    then
                        'ad_history: no landed version of ad '
                        || parsed.source_ad_id
                when accounts.currency is null
                    then
                        'account_history: no currency for ad account '
                        || coalesce(parsed.source_account_id, '(none)')
                -- a sum over ads would hide an ad's own impossible row
                when
                    {{ landed_number('parsed.reach') }}
                    > {{ landed_number('parsed.impressions') }}
                    then
                        'reach: above impressions of ad '
                        || parsed.source_ad_id
                when
                    {{ landed_number('parsed.clicks') }}
                    > {{ landed_number('parsed.impressions') }}
                    then
                        'clicks: above impressions of ad '
                        || parsed.source_ad_id
            end,
            {{ fx_issue(
                'accounts.currency',
                fx_rate('accounts.currency', 'rates.rate_to_reporting'),
                'parsed.rate_date'
            ) }}
        ) as row_issue
    from parsed
    left join accounts
        on parsed.source_account_id = accounts.source_account_id
    left join rates
        on
            accounts.currency = rates.currency
            and parsed.rate_date = rates.rate_date

),

final as (

    select
        *,
        -- the campaign day: an ad without history is a day of its own
        case
            when has_ad_history then source_campaign_id
        end as campaign_day_campaign_id,
        case
            when not has_ad_history then source_ad_id
        end as campaign_day_ad_id,
        row_number() over (
            partition by
                report_date,
                case when has_ad_history then source_campaign_id end,
                case when not has_ad_history then source_ad_id end
            order by source_ad_id, impressions, spend
        ) = 1 as is_first_of_campaign_day
    from converted

)

select * from final
