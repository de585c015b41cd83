-- Shopify order lines as raw contract `order_lines` (D71): the product is
-- the variant sold; amounts as order_line_context computes them. Gift card
-- lines and the lines of set-aside orders are not here (see
-- shopify_fivetran__row_accounting).
with

lines as (

    select * from {{ ref('shopify_fivetran__order_line_context') }}
    where set_aside_reason is null

),

final as (

    select
        {{ contract_id('shopify', 'source_line_id') }} as order_line_id,
        {{ contract_id('shopify', 'source_order_id') }} as order_id,
        {{ contract_id('shopify', 'source_variant_id') }} as product_id,
        quantity_text as quantity,
        {{ contract_money_text('unit_price') }} as unit_price,
        {{ contract_money_text('discount_amount') }} as discount_amount,
        cast(null as varchar) as recommendation_source,
        coalesce(dq_file_issue, fx_issue) as dq_file_issue
    from lines

)

select * from final
