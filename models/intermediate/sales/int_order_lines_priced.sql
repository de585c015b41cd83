{{ config(**incremental_by_date('order_date')) }}

{%- set window_start = incremental_window_start('order_date') %}

with

order_lines as (

    select * from {{ ref('stg_shop__order_lines') }}
    where {{ incremental_window('order_date', window_start) }}

),

products as (

    select * from {{ ref('int_products_enriched') }}

),

final as (

    select
        -- ids
        order_lines.order_line_id,
        order_lines.order_id,
        order_lines.product_id,
        order_lines.order_date,
        products.product_group_id,

        -- product attributes
        products.category,
        products.brand,
        products.list_price,
        products.unit_cost,
        products.is_upgradable_group,
        products.is_upsell_variant,

        -- recommendation
        order_lines.recommendation_source,
        order_lines.recommendation_source is not null
            as has_recommendation,

        -- quantities and amounts
        order_lines.quantity,
        order_lines.unit_price,
        order_lines.discount_amount,
        order_lines.quantity * order_lines.unit_price as gross_revenue,
        order_lines.quantity * order_lines.unit_price
        - order_lines.discount_amount as net_revenue,
        order_lines.quantity * products.unit_cost as cogs,
        order_lines.quantity * order_lines.unit_price
        - order_lines.discount_amount
        - order_lines.quantity * products.unit_cost as gross_margin
    from order_lines
    left join products
        on order_lines.product_id = products.product_id

)

select * from final
