with

products as (

    select * from {{ ref('stg_shop__products') }}

),

group_prices as (

    select
        product_group_id,
        min(list_price) as group_min_list_price,
        max(list_price) as group_max_list_price
    from products
    group by product_group_id

),

final as (

    select
        products.product_id,
        products.product_group_id,
        products.product_name,
        products.category,
        products.brand,
        products.list_price,
        products.unit_cost,
        group_prices.group_min_list_price,
        group_prices.group_max_list_price
        > group_prices.group_min_list_price as is_upgradable_group,
        products.list_price
        > group_prices.group_min_list_price as is_upsell_variant
    from products
    inner join group_prices
        on products.product_group_id = group_prices.product_group_id

)

select * from final
