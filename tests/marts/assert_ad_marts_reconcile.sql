-- Ad cost summed over kpi_cost_per_conversion equals the ad performance
-- total; impressions over kpi_click_through_rate and kpi_reach_impressions
-- equal the platform total; conversions equal the valid webshop orders from
-- sessions with a campaign. A sum over no rows counts as 0, so an empty mart
-- fails against a non-zero total.
with

ads as (

    select
        coalesce(sum(ad_cost), 0) as ad_cost,
        coalesce(sum(impressions), 0) as impressions
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
        coalesce(sum(ad_cost), 0) as ad_cost,
        coalesce(sum(conversions), 0) as conversions
    from {{ ref('kpi_cost_per_conversion') }}

),

click_through as (

    select coalesce(sum(impressions), 0) as impressions
    from {{ ref('kpi_click_through_rate') }}

),

reach as (

    select coalesce(sum(impressions), 0) as impressions
    from {{ ref('kpi_reach_impressions') }}

)

select
    ads.ad_cost,
    cost_per_conversion.ad_cost as mart_ad_cost,
    campaign_orders.conversions,
    cost_per_conversion.conversions as mart_conversions,
    ads.impressions,
    click_through.impressions as click_through_impressions,
    reach.impressions as reach_impressions
from ads
cross join campaign_orders
cross join cost_per_conversion
cross join click_through
cross join reach
where
    cost_per_conversion.ad_cost is distinct from ads.ad_cost
    or cost_per_conversion.conversions
    is distinct from campaign_orders.conversions
    or click_through.impressions is distinct from ads.impressions
    or reach.impressions is distinct from ads.impressions
