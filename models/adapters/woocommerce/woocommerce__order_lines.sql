-- WooCommerce order lines as raw contract `order_lines` (D74): amounts as
-- order_line_context computes them. Lines of set-aside orders and free
-- items are not here (see woocommerce__row_accounting).
with

lines as (

    select * from {{ ref('woocommerce__order_line_context') }}
    where set_aside_reason is null

),

final as (

    select
        {{ contract_id('woocommerce', 'source_line_id') }} as order_line_id,
        {{ contract_id('woocommerce', 'source_order_id') }} as order_id,
        {{ contract_id('woocommerce', 'source_product_id') }} as product_id,
        quantity_text as quantity,
        {{ contract_money_text('unit_price') }} as unit_price,
        {{ contract_money_text('discount_amount') }} as discount_amount,
        cast(null as varchar) as recommendation_source,
        coalesce(dq_file_issue, fx_issue) as dq_file_issue
    from lines

)

select * from final
