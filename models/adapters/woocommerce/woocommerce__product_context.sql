-- One row per landed WooCommerce product or variation: what it is (a SKU
-- sold, or the group of its variations) and its values as a raw contract
-- product (D74). Simple and external products are SKUs of their own group;
-- a variable product is the group of its variations (its name, category
-- and brand are theirs); a grouped product (a set of other products) is
-- set aside. A variation's parent is products.variations (or its own
-- parent_id where the loader keeps it). The brand is the product's first
-- brand (WooCommerce 9.4+, where landed), else its attribute `Brand`; the
-- unit cost the core cost of goods (9.5+), else the Cost of Goods
-- extension's `_wc_cog_cost`, a variation's else its parent's.
with

products as (

    select * from {{ ref('woocommerce__landed_products') }}

),

variations as (

    select * from {{ ref('woocommerce__landed_product_variations') }}

),

variation_parents as (

    select
        {{ landed_json_text('elements.variation_id', '$') }} as variation_id,
        min(elements.product_id) as product_id
    from (
        select
            {{ landed_text('products.id') }} as product_id,
            cast(
                unnest({{ landed_json_elements('products.variations') }})
                as varchar
            ) as variation_id
        from products
    ) as elements
    group by 1

),

product_values as (

    select
        {{ landed_text('id') }} as source_product_id,
        lower({{ landed_text('type') }}) as product_type,
        {{ landed_text('name') }} as product_name,
        {{ landed_json_text('categories', '$[0].name') }} as category,
        coalesce(
            {{ landed_json_text('brands', '$[0].name') }},
            json_extract_string(
                attributes,
                '$[' || (list_position(
                    json_extract_string(lower(attributes), '$[*].name'), 'brand'
                ) - 1) || '].options[0]'
            )
        ) as brand,
        coalesce(
            {{ landed_number('regular_price') }},
            {{ landed_number('price') }}
        ) as list_price,
        coalesce(
            {{ landed_number(
                landed_json_text('cost_of_goods_sold', '$.total_value')
            ) }},
            {{ landed_number(
                landed_json_meta('meta_data', '_cogs_total_value')
            ) }},
            {{ landed_number(landed_json_meta('meta_data', '_wc_cog_cost')) }}
        ) as unit_cost,
        dq_file_issue
    from products

),

variation_values as (

    select
        {{ landed_text('variations.id') }} as source_product_id,
        coalesce(
            nullif({{ landed_text('variations.parent_id') }}, '0'),
            variation_parents.product_id
        ) as source_group_id,
        array_to_string(
            json_extract_string(variations.attributes, '$[*].option'), ' / '
        ) as variation_name,
        coalesce(
            {{ landed_number('variations.regular_price') }},
            {{ landed_number('variations.price') }}
        ) as list_price,
        coalesce(
            {{ landed_number(
                landed_json_text('variations.cost_of_goods_sold', '$.total_value')
            ) }},
            {{ landed_number(
                landed_json_meta('variations.meta_data', '_cogs_total_value')
            ) }},
            {{ landed_number(
                landed_json_meta('variations.meta_data', '_wc_cog_cost')
            ) }}
        ) as unit_cost,
        variations.dq_file_issue
    from variations
    left join variation_parents
        on {{ landed_text('variations.id') }} = variation_parents.variation_id

),

final as (

    select
        'products' as landed_table,
        source_product_id,
        source_product_id as source_group_id,
        product_name,
        category,
        brand,
        list_price,
        unit_cost,
        dq_file_issue,
        case
            when product_type = 'variable'
                then 'the group of its variations'
        end as merged_as,
        case
            when product_type = 'grouped'
                then 'a grouped product (a set of other products)'
        end as set_aside_reason
    from product_values
    union all
    select
        'product_variations' as landed_table,
        variation_values.source_product_id,
        variation_values.source_group_id,
        parents.product_name
        || coalesce(' - ' || nullif(variation_values.variation_name, ''), '')
            as product_name,
        parents.category,
        parents.brand,
        variation_values.list_price,
        coalesce(variation_values.unit_cost, parents.unit_cost) as unit_cost,
        variation_values.dq_file_issue,
        cast(null as varchar) as merged_as,
        cast(null as varchar) as set_aside_reason
    from variation_values
    left join product_values as parents
        on variation_values.source_group_id = parents.source_product_id

)

select * from final
