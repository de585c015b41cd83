-- The elements of `products.cross_sell_ids` (a JSON array of product ids
-- in the product's row), one row each.
with

products as (

    select * from {{ ref('woocommerce__landed_products') }}

),

final as (

    select
        products.id as product_id,
        products.dq_file_issue,
        cast(
            unnest({{ landed_json_elements('products.cross_sell_ids') }})
            as varchar
        ) as cross_sell_id
    from products

)

select * from final
