-- One row per landed row of the products export (D73): whether it is a
-- variant (a row of further images has no SKU, price or option: set
-- aside), its key and the product's fields, which Shopify writes on the
-- product's first row only. A variant is keyed by its SKU; without one,
-- by the name an order line carries (`Title - Option1 / Option2`, or the
-- title alone for `Default Title`), so that lines without SKU find it.
with

landed as (

    select * from {{ ref('shopify_csv__landed_products_export') }}

),

product_fields as (

    select
        {{ landed_text('handle') }} as handle,
        max({{ landed_text('title') }}) as title,
        max({{ landed_text('vendor') }}) as vendor,
        max(coalesce(
            {{ landed_text('type') }}, {{ landed_text('custom_product_type') }}
        )) as product_type
    from landed
    group by 1

),

parsed as (

    select
        {{ landed_text('landed.handle') }} as handle,
        product_fields.title,
        product_fields.vendor,
        product_fields.product_type,
        nullif(
            concat_ws(
                ' / ',
                {{ landed_text('landed.option1_value') }},
                {{ landed_text('landed.option2_value') }},
                {{ landed_text('landed.option3_value') }}
            ),
            ''
        ) as option_values,
        {{ landed_text('landed.variant_sku') }} as sku,
        {{ landed_number('landed.variant_price') }} as price,
        {{ landed_number('landed.cost_per_item') }} as unit_cost,
        coalesce(
            {{ landed_text('landed.variant_sku') }},
            {{ landed_text('landed.variant_price') }},
            {{ landed_text('landed.option1_value') }}
        ) is not null as is_variant,
        landed.dq_file_issue
    from landed
    left join product_fields
        on {{ landed_text('landed.handle') }} = product_fields.handle

),

named as (

    select
        *,
        title
        || coalesce(' - ' || nullif(option_values, 'Default Title'), '')
            as product_name
    from parsed

),

final as (

    select
        *,
        coalesce(sku, product_name) as source_product_id,
        case
            when not is_variant then 'image row (no variant)'
        end as set_aside_reason
    from named

)

select * from final
