-- Shopify product variants (the SKUs sold) as raw contract `products`
-- (D71): the product is the group; product type is the category and
-- vendor the brand (`uncategorised` / `unknown` when empty: labels of a
-- breakdown, no KPI value); the unit cost is the inventory item's. Deleted
-- variants are kept: past orders reference them. Prices and costs are the
-- shop's, converted at the latest rate of the shop currency (a product has
-- no date).
with

variants as (

    select * from {{ ref('shopify_fivetran__landed_product_variant') }}

),

products as (

    select * from {{ ref('shopify_fivetran__landed_product') }}

),

inventory_items as (

    select * from {{ ref('shopify_fivetran__landed_inventory_item') }}

),

shop as (

    select * from {{ ref('shopify_fivetran__shop_settings') }}

),

latest_rates as (

    select
        currency,
        max_by(rate_to_reporting, rate_date) as rate_to_reporting,
        max(rate_date) as rate_date
    from {{ ref('stg_finance__fx_rates') }}
    group by 1

),

currency as (

    select
        coalesce(shop.currency, '{{ reporting_currency() }}') as currency,
        {{ fx_rate(
            "coalesce(shop.currency, '" ~ reporting_currency() ~ "')",
            'latest_rates.rate_to_reporting'
        ) }} as fx_rate
    -- one row: shop is an aggregate
    from shop
    left join latest_rates on shop.currency = latest_rates.currency

),

final as (

    select
        {{ contract_id('shopify', 'variants.id') }} as product_id,
        {{ contract_id('shopify', 'variants.product_id') }} as product_group_id,
        {{ landed_text('products.title') }}
        || coalesce(
            ' - '
            || nullif({{ landed_text('variants.title') }}, 'Default Title'),
            ''
        ) as product_name,
        coalesce({{ landed_text('products.product_type') }}, 'uncategorised')
            as category,
        coalesce({{ landed_text('products.vendor') }}, 'unknown') as brand,
        {{ contract_money_text(
            landed_number('variants.price') ~ ' * currency.fx_rate'
        ) }} as list_price,
        {{ contract_money_text(
            'coalesce(' ~ landed_number('inventory_items.unit_cost_amount') ~ ', '
            ~ landed_number('inventory_items.cost') ~ ') * currency.fx_rate'
        ) }} as unit_cost,
        coalesce(
            variants.dq_file_issue,
            {{ fx_issue('currency.currency', 'currency.fx_rate') }}
        ) as dq_file_issue
    from variants
    left join products
        on
            {{ landed_text('variants.product_id') }}
            = {{ landed_text('products.id') }}
    left join inventory_items
        on
            {{ landed_text('variants.inventory_item_id') }}
            = {{ landed_text('inventory_items.id') }}
    cross join currency

)

select * from final
