with

ad_performance as (

    select * from {{ ref('int_ad_performance_enriched') }}

),

sessions as (

    select * from {{ ref('int_sessions_enriched') }}

),

-- a campaign's conversions: the valid webshop orders of its sessions
conversions as (

    select
        session_date as date_day,
        campaign_id,
        sum(valid_orders) as conversions,
        sum(valid_order_net_revenue) as conversion_revenue
    from sessions
    where has_order and campaign_id is not null
    group by session_date, campaign_id

),

joined as (

    select
        coalesce(ad_performance.report_date, conversions.date_day)
            as date_day,
        coalesce(ad_performance.campaign_id, conversions.campaign_id)
            as campaign_id,
        {{ to_money('coalesce(ad_performance.ad_cost, 0)') }} as ad_cost,
        {{ to_count('coalesce(conversions.conversions, 0)') }} as conversions,
        {{ to_money('coalesce(conversions.conversion_revenue, 0)') }}
            as conversion_revenue
    from ad_performance
    full outer join conversions
        on
            ad_performance.report_date = conversions.date_day
            and ad_performance.campaign_id = conversions.campaign_id

),

ratios as (

    select
        date_day,
        campaign_id,
        ad_cost,
        conversions,
        conversion_revenue,
        {{ safe_divide('ad_cost', 'conversions') }} as cost_per_conversion,
        {{ safe_divide('conversion_revenue', 'ad_cost') }}
            as return_on_ad_spend,
        {{ safe_divide('conversion_revenue', 'conversions') }}
            as average_order_value
    from joined
    where ad_cost != 0 or conversions != 0

),

final as (

    select
        *,
        cost_per_conversion < average_order_value as cpa_below_aov
    from ratios

)

select * from final
