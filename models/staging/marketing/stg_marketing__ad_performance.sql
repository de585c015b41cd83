with

source as (

    select * from {{ raw_source('ad_performance') }}

),

final as (

    select
        -- dates (already local)
        {{ dbt.safe_cast('report_date', 'date') }} as report_date,

        -- ids
        nullif(trim(campaign_id), '') as campaign_id,

        -- counts and amounts
        {{ dbt.safe_cast('impressions', 'bigint') }} as impressions,
        {{ dbt.safe_cast('reach', 'bigint') }} as reach,
        {{ dbt.safe_cast('clicks', 'bigint') }} as clicks,
        {{ dbt.safe_cast('cost', 'decimal(18, 2)') }} as ad_cost,
        {{ dbt.safe_cast('platform_conversions', 'integer') }}
            as platform_conversions
    from source

)

select * from final
