-- WooCommerce SKUs (simple and external products, variations) as raw
-- contract `products` (D74), as product_context finds them: the first
-- category (`uncategorised` without one) and the brand (`unknown` without
-- one) are labels of a breakdown, no KPI value; a SKU without a unit cost
-- is quarantined (`unit_cost: missing`) rather than given 0. Prices and
-- costs are in the store currency (adapter option store_currency, default
-- the reporting currency), converted at its latest rate (a product has no
-- date).
{%- set store_currency = source_adapter_option(
    'woocommerce', 'store_currency') %}

with

products as (

    select * from {{ ref('woocommerce__product_context') }}
    where merged_as is null and set_aside_reason is null

),

latest_rates as (

    select
        currency,
        max_by(rate_to_reporting, rate_date) as rate_to_reporting
    from {{ ref('stg_finance__fx_rates') }}
    group by 1

),

currency as (

    select
        store.currency,
        {{ fx_rate('store.currency', 'latest_rates.rate_to_reporting') }}
            as fx_rate
    from (
        select
            upper(coalesce(
                nullif({{ sql_string(store_currency) }}, ''),
                '{{ reporting_currency() }}'
            )) as currency
    ) as store
    left join latest_rates on store.currency = latest_rates.currency

),

final as (

    select
        {{ contract_id('woocommerce', 'products.source_product_id') }}
            as product_id,
        {{ contract_id('woocommerce', 'products.source_group_id') }}
            as product_group_id,
        products.product_name,
        coalesce(products.category, 'uncategorised') as category,
        coalesce(products.brand, 'unknown') as brand,
        {{ contract_money_text('products.list_price * currency.fx_rate') }}
            as list_price,
        {{ contract_money_text('products.unit_cost * currency.fx_rate') }}
            as unit_cost,
        coalesce(
            products.dq_file_issue,
            {{ fx_issue('currency.currency', 'currency.fx_rate') }}
        ) as dq_file_issue
    from products
    cross join currency

)

select * from final
