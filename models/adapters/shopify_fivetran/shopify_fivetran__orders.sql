-- Shopify orders as raw contract `orders` (D71). POS orders are store
-- orders at their location; an order with cancelled_at is cancelled; the
-- shipping fee is the shipping lines' price after discounts, without their
-- tax where prices include tax. No session (the web analytics adapter
-- links them) and no promotion (Shopify's discounts are in the lines).
with

orders as (

    select * from {{ ref('shopify_fivetran__order_context') }}
    where set_aside_reason is null

),

shipping_taxes as (

    select
        {{ landed_text('order_shipping_line_id') }} as source_shipping_line_id,
        sum(coalesce(
            {{ landed_number('price_set_shop_amount') }},
            {{ landed_number('price') }}
        )) as tax
    from {{ ref('shopify_fivetran__landed_order_shipping_tax_line') }}
    group by 1

),

shipping as (

    select
        {{ landed_text('ship_lines.order_id') }} as source_order_id,
        sum(coalesce(
            {{ landed_number('ship_lines.discounted_price_set_shop_amount') }},
            {{ landed_number('ship_lines.discounted_price') }},
            {{ landed_number('ship_lines.original_price_set_shop_amount') }},
            {{ landed_number('ship_lines.price') }},
            0
        )) as gross_fee,
        sum(coalesce(shipping_taxes.tax, 0)) as tax
    from {{ ref('shopify_fivetran__landed_order_shipping_line') }} as ship_lines
    left join shipping_taxes
        on
            {{ landed_text('ship_lines.id') }}
            = shipping_taxes.source_shipping_line_id
    group by 1

),

final as (

    select
        {{ contract_id('shopify', 'orders.source_order_id') }} as order_id,
        {{ contract_id('shopify', 'orders.source_customer_id') }}
            as customer_id,
        cast(null as varchar) as session_id,
        case
            when orders.is_store_order then 'store' else 'webshop'
        end as sales_channel,
        case
            when orders.is_store_order
                then {{ contract_id('shopify', 'orders.source_location_id') }}
        end as store_id,
        orders.ordered_at_text as ordered_at,
        case
            when orders.is_cancelled then 'cancelled' else 'completed'
        end as status,
        cast(null as varchar) as promotion_id,
        {{ contract_money_text(
            "(coalesce(shipping.gross_fee, 0) - case when orders.taxes_included"
            ~ " then coalesce(shipping.tax, 0) else 0 end) * orders.fx_rate"
        ) }} as shipping_fee,
        coalesce(orders.dq_file_issue, orders.fx_issue) as dq_file_issue
    from orders
    left join shipping on orders.source_order_id = shipping.source_order_id

)

select * from final
