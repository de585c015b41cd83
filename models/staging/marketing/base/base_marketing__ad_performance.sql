{%- set raw_rows = raw_source('ad_performance') %}

with

repeated_keys as {{ materialized() }} (

    {{ dq_repeated_keys(raw_rows, ['report_date', 'campaign_id']) }}

),

-- the raw rows, typed as the spec says (raw_source)
typed as {{ not_materialized() }} (

    select *
    from {{ dq_flag_repeated(raw_rows, ['report_date', 'campaign_id']) }}

),

campaigns as (

    select * from {{ ref('base_marketing__campaigns') }}

),

row_checked as {{ not_materialized() }} (

    select
        *,
        coalesce(
            dq_file_issue,
            dq_unparsed,
            case
                when report_date is null then 'report_date: missing'
                when campaign_id is null then 'campaign_id: missing'
                when impressions is null then 'impressions: missing'
                when impressions < 0 then 'impressions: negative'
                when reach < 0 then 'reach: negative'
                when reach > impressions then 'reach: above impressions'
                when clicks is null then 'clicks: missing'
                when clicks < 0 then 'clicks: negative'
                when clicks > impressions then 'clicks: above impressions'
                when ad_cost is null then 'cost: missing'
                when ad_cost < 0 then 'cost: negative'
                when platform_conversions is null
                    then 'platform_conversions: missing'
                when platform_conversions < 0
                    then 'platform_conversions: negative'
            end
        ) as dq_row_rule
    from typed

),

deduplicated as (

    select *
    from {{ dq_deduplicate(
        'row_checked', ['report_date', 'campaign_id'], 'dq_raw_row'
    ) }}

),

final as (

    select
        deduplicated.*,
        coalesce(
            deduplicated.dq_row_rule,
            deduplicated.dq_duplicate_rule,
            {{ dq_reference(
                'deduplicated.campaign_id', 'campaign_status', 'campaigns'
            ) }}
        ) as dq_rule
    from deduplicated
    left join
        {{ dq_parent('campaigns', 'campaign_id') }} as campaign_status
        on deduplicated.campaign_id = campaign_status.parent_key

)

select {{ dq_base_columns('ad_performance', exclude=['dq_is_repeated']) }}
from final
