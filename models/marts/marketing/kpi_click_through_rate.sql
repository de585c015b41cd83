with

ad_performance as (

    select * from {{ ref('int_ad_performance_enriched') }}

),

final as (

    select
        report_date as date_day,
        campaign_id,
        {{ to_count('impressions') }} as impressions,
        {{ to_count('clicks') }} as clicks,
        {{ safe_divide('clicks', 'impressions') }} as click_through_rate,
        campaign_name,
        platform,
        channel
    from ad_performance
    where impressions != 0 or clicks != 0

)

select * from final
