with

products as (

    select * from {{ ref('int_products_enriched') }}

),

final as (

    select
        product_id,
        product_group_id,
        product_name,
        category,
        brand,
        list_price,
        unit_cost,
        is_upgradable_group,
        is_upsell_variant
    from products

)

select * from final
