-- One row per landed WooCommerce order line (an element of
-- orders.line_items): its fate and its amounts in the raw contract's terms
-- (D74), in the reporting currency. WooCommerce's line `subtotal` (before
-- discounts) and `total` (after) both exclude tax, whatever the order's
-- prices_include_tax: the unit price is subtotal / quantity, rounded up to
-- the cent, and the discount takes the rest, so that net revenue
-- (quantity * unit price - discount) is the line's total exactly. The
-- product is the variation sold, else the product. Other currencies
-- convert at the order's rate; a line whose order is not landed is not
-- converted (its base model quarantines it).
with

lines as (

    select * from {{ ref('woocommerce__landed_orders__line_items') }}

),

orders as (

    select * from {{ ref('woocommerce__order_context') }}
    where is_first_of_id

),

parsed as (

    select
        {{ landed_json_text('lines.line_item', '$.id') }} as source_line_id,
        {{ landed_text('lines.order_id') }} as source_order_id,
        coalesce(
            nullif(
                {{ landed_json_text('lines.line_item', '$.variation_id') }}, '0'
            ),
            nullif(
                {{ landed_json_text('lines.line_item', '$.product_id') }}, '0'
            )
        ) as source_product_id,
        {{ contract_integer_text(
            landed_json_text('lines.line_item', '$.quantity')
        ) }} as quantity_text,
        {{ landed_number(landed_json_text('lines.line_item', '$.quantity')) }}
            as quantity,
        {{ landed_number(landed_json_text('lines.line_item', '$.subtotal')) }}
            as subtotal,
        {{ landed_number(landed_json_text('lines.line_item', '$.total')) }}
            as line_total,
        lines.dq_file_issue
    from lines

),

priced as (

    select
        parsed.*,
        orders.set_aside_reason as order_set_aside_reason,
        orders.fx_issue,
        case
            when orders.source_order_id is null then 1 else orders.fx_rate
        end as fx_rate,
        -- rounded to 1e-6 first: 39.95 * 1 must not ceil to 39.96
        cast(
            ceil(round(
                parsed.subtotal
                * case
                    when orders.source_order_id is null then 1
                    else orders.fx_rate
                end
                / nullif(parsed.quantity, 0) * 100,
                6
            )) / 100
            as decimal(38, 2)
        ) as unit_price
    from parsed
    left join orders on parsed.source_order_id = orders.source_order_id

),

final as (

    select
        *,
        unit_price * quantity - round(line_total * fx_rate, 2)
            as discount_amount,
        case
            when order_set_aside_reason is not null
                then 'order set aside: ' || order_set_aside_reason
            when subtotal = 0 then 'a free item (subtotal 0)'
        end as set_aside_reason
    from priced

)

select * from final
