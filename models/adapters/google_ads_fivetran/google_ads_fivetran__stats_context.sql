-- One row per landed campaign_stats row (a campaign, day and segment): its
-- fate, its numbers, and what converting its cost needs: the account's
-- currency (latest account version) and its rate on the report date (D80).
-- A row repeated under one _fivetran_id (an older sync) is set aside; of a
-- campaign-day's segment rows the first is `mapped` and the others are
-- `merged` into it (google_ads_fivetran__ad_performance sums them).
{%- set metrics = ['impressions', 'clicks', 'cost_micros', 'conversions'] %}
with

stats as (

    select * from {{ ref('google_ads_fivetran__landed_campaign_stats') }}

),

accounts as (

    select * from {{ ref('google_ads_fivetran__account_context') }}
    where set_aside_reason is null

),

rates as (

    select * from {{ ref('stg_finance__fx_rates') }}

),

parsed as (

    select
        {{ landed_text('stats._fivetran_id') }} as source_row_id,
        {{ landed_text('stats.id') }} as source_campaign_id,
        {{ landed_text('stats.customer_id') }} as source_account_id,
        try_cast({{ landed_text('stats.date') }} as date) as report_date,
        coalesce(
            strftime(
                try_cast({{ landed_text('stats.date') }} as date), '%Y-%m-%d'
            ),
            {{ landed_text('stats.date') }}
        ) as report_date_text,
        {%- for metric in metrics %}
            {{ landed_number('stats.' ~ metric) }} as {{ metric }},
        {%- endfor %}
        -- a value that is no number would vanish from the day's sum
        case
            {%- for metric in metrics %}
                when
                    {{ landed_text('stats.' ~ metric) }} is not null
                    and {{ landed_number('stats.' ~ metric) }} is null
                    then 'campaign_stats: {{ metric }} is no number'
            {%- endfor %}
        end as value_issue,
        stats.dq_file_issue,
        coalesce(
            row_number() over (
                partition by {{ landed_text('stats._fivetran_id') }}
                order by
                    {{ landed_timestamp('stats._fivetran_synced') }} desc
                    nulls last
            ) > 1
            and {{ landed_text('stats._fivetran_id') }} is not null,
            false
        ) as is_repeated
    from stats

),

with_account as (

    select
        parsed.*,
        accounts.currency,
        case
            when accounts.source_account_id is null
                then
                    'account_history: no landed account '
                    || coalesce(parsed.source_account_id, '(empty)')
            when accounts.currency is null
                then
                    'account_history: no currency_code for account '
                    || parsed.source_account_id
        end as account_issue,
        {{ fx_rate('accounts.currency', 'rates.rate_to_reporting') }} as fx_rate
    from parsed
    left join accounts
        on parsed.source_account_id = accounts.source_account_id
    left join rates
        on
            accounts.currency = rates.currency
            and parsed.report_date = rates.rate_date

),

final as (

    select
        *,
        case
            when account_issue is null
                then {{ fx_issue('currency', 'fx_rate', 'report_date') }}
        end as fx_issue,
        case
            when is_repeated
                then 'a repeated _fivetran_id (an older sync of the row)'
        end as set_aside_reason,
        row_number() over (
            partition by
                source_account_id, source_campaign_id, report_date_text,
                is_repeated
            order by source_row_id
        ) = 1 and not is_repeated as is_first_of_day
    from with_account

)

select * from final
{% do warn_if_account_timezone_differs(
    'google_ads_fivetran',
    '(select source_account_id as account_id, time_zone from '
    ~ ref('google_ads_fivetran__account_context') ~ ' where is_latest)',
    ref('google_ads_fivetran__account_context')
) %}
