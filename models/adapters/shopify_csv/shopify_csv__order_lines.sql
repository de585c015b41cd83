-- The line items of Shopify's orders export as raw contract `order_lines`
-- (D73): one per landed row; the product is the line's SKU (its name when
-- it has none); amounts as order_line_context computes them.
with

lines as (

    select * from {{ ref('shopify_csv__order_line_context') }}

),

final as (

    select
        {{ contract_id('shopify', 'source_line_id') }} as order_line_id,
        {{ contract_id('shopify', 'source_order_id') }} as order_id,
        {{ contract_id('shopify', 'source_product_id') }} as product_id,
        quantity_text as quantity,
        {{ contract_money_text('unit_price') }} as unit_price,
        {{ contract_money_text('discount_amount') }} as discount_amount,
        cast(null as varchar) as recommendation_source,
        coalesce(dq_file_issue, export_issue, fx_issue) as dq_file_issue
    from lines

)

select * from final
