-- WooCommerce cross-sells (products.cross_sell_ids: the products offered
-- with a product in the cart) as raw contract `product_complements` (D74):
-- from the product's group to the offered product's group (a variation
-- offered stands for its parent's group). Pairs of set-aside (grouped)
-- products are not here.
with

cross_sells as (

    select * from {{ ref('woocommerce__landed_products__cross_sell_ids') }}

),

products as (

    select * from {{ ref('woocommerce__product_context') }}

),

groups as (

    select
        source_product_id,
        min(source_group_id) as source_group_id,
        min(set_aside_reason) as set_aside_reason
    from products
    group by 1

),

pairs as (

    select
        {{ landed_text('cross_sells.product_id') }} as source_product_id,
        {{ landed_json_text('cross_sells.cross_sell_id', '$') }}
            as source_cross_sell_id,
        cross_sells.dq_file_issue
    from cross_sells

),

final as (

    select
        {{ contract_id('woocommerce', 'pairs.source_product_id') }}
            as product_group_id,
        {{ contract_id(
            'woocommerce',
            'coalesce(offered.source_group_id, pairs.source_cross_sell_id)'
        ) }} as complement_group_id,
        pairs.dq_file_issue
    from pairs
    left join groups as owners
        on pairs.source_product_id = owners.source_product_id
    left join groups as offered
        on pairs.source_cross_sell_id = offered.source_product_id
    where
        owners.set_aside_reason is null
        and offered.set_aside_reason is null

)

select * from final
