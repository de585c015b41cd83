with

ad_performance as (

    select * from {{ ref('int_ad_performance_enriched') }}

),

final as (

    select
        report_date as date_day,
        campaign_id,
        {{ to_count('impressions') }} as impressions,
        {{ to_count('reach') }} as reach,
        {{ safe_divide('impressions', 'reach') }} as frequency,
        campaign_name,
        platform,
        channel,
        objective
    from ad_performance
    where impressions != 0 or coalesce(reach, 0) != 0

)

select * from final
