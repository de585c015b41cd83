-- The variants of Shopify's products export as raw contract `products`
-- (D73): the handle is the product group; `Type` is the category and
-- `Vendor` the brand (`uncategorised` / `unknown` when empty: labels of a
-- breakdown, no KPI value); `Cost per item` the unit cost (a variant
-- without one is quarantined, not given a cost of 0). Prices and costs
-- are in the shop currency (option shop_currency, default the reporting
-- currency), converted at its latest rate (a product has no date).
{%- set shop_currency = source_adapter_option('shopify_csv', 'shop_currency')
    or reporting_currency() %}

with

variants as (

    select * from {{ ref('shopify_csv__product_context') }}
    where set_aside_reason is null

),

latest_rates as (

    select
        currency,
        max_by(rate_to_reporting, rate_date) as rate_to_reporting
    from {{ ref('stg_finance__fx_rates') }}
    group by 1

),

currency as (

    -- one row: the shop currency, with its rate if it has one
    select
        {{ sql_string(shop_currency | upper) }} as currency,
        {{ fx_rate(
            sql_string(shop_currency | upper),
            'max(latest_rates.rate_to_reporting)'
        ) }} as fx_rate
    from latest_rates
    where latest_rates.currency = {{ sql_string(shop_currency | upper) }}

),

final as (

    select
        {{ contract_id('shopify', 'variants.source_product_id') }}
            as product_id,
        {{ contract_id('shopify', 'variants.handle') }} as product_group_id,
        variants.product_name,
        coalesce(variants.product_type, 'uncategorised') as category,
        coalesce(variants.vendor, 'unknown') as brand,
        {{ contract_money_text('variants.price * currency.fx_rate') }}
            as list_price,
        {{ contract_money_text('variants.unit_cost * currency.fx_rate') }}
            as unit_cost,
        coalesce(
            variants.dq_file_issue,
            {{ fx_issue('currency.currency', 'currency.fx_rate') }}
        ) as dq_file_issue
    from variants
    cross join currency

)

select * from final
