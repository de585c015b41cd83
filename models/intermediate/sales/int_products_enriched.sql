with

products as (

    select * from {{ ref('stg_shop__products') }}

),

-- a product without a group is a group of its own
grouped as (

    select
        *,
        coalesce(product_group_id, 'product:' || product_id) as price_group_id
    from products

),

group_prices as (

    select
        price_group_id,
        min(list_price) as group_min_list_price,
        max(list_price) as group_max_list_price
    from grouped
    group by price_group_id

),

final as (

    select
        grouped.product_id,
        grouped.product_group_id,
        grouped.product_name,
        grouped.category,
        grouped.brand,
        grouped.list_price,
        grouped.unit_cost,
        group_prices.group_min_list_price,
        group_prices.group_max_list_price
        > group_prices.group_min_list_price as is_upgradable_group,
        grouped.list_price
        > group_prices.group_min_list_price as is_upsell_variant
    from grouped
    inner join group_prices
        on grouped.price_group_id = group_prices.price_group_id

)

select * from final
