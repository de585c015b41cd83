-- Ad cost summed over kpi_cost_per_conversion equals the ad performance
-- total; impressions over kpi_click_through_rate and kpi_reach_impressions
-- equal the platform total; conversions equal the valid webshop orders from
-- sessions with a campaign.
with

ads as (

    select
        sum(ad_cost) as ad_cost,
        sum(impressions) as impressions
    from {{ ref('int_ad_performance_enriched') }}

),

campaign_orders as (

    select count(*) as conversions
    from {{ ref('int_orders_enriched') }}
    where
        is_valid
        and sales_channel = 'webshop'
        and session_campaign_id is not null

),

cost_per_conversion as (

    select
        sum(ad_cost) as ad_cost,
        sum(conversions) as conversions
    from {{ ref('kpi_cost_per_conversion') }}

),

click_through as (

    select sum(impressions) as impressions
    from {{ ref('kpi_click_through_rate') }}

),

reach as (

    select sum(impressions) as impressions
    from {{ ref('kpi_reach_impressions') }}

)

select
    ads.ad_cost,
    cost_per_conversion.ad_cost as mart_ad_cost
from ads
cross join campaign_orders
cross join cost_per_conversion
cross join click_through
cross join reach
where
    cost_per_conversion.ad_cost != ads.ad_cost
    or cost_per_conversion.conversions != campaign_orders.conversions
    or click_through.impressions != ads.impressions
    or reach.impressions != ads.impressions
