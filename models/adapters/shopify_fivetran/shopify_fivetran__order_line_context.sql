-- One row per landed order line: its fate and its amounts in the raw
-- contract's terms (D71), in the reporting currency, without VAT:
-- - unit price: the REST `price` or the GraphQL unit price, shop money;
-- - discount: the line's discount allocations (order- and line-level), or
--   its own total_discount when it has none (data before April 2025);
-- - prices that include tax (order.taxes_included): the line's allocated
--   tax (its tax lines) is taken off. Net revenue is exact:
--   quantity * unit_price - discount = gross - discount - tax. The unit
--   price is the gross price scaled by the same share, rounded up to the
--   cent; the discount absorbs the rounding, so it is never negative. A
--   free line (gross = discount) keeps its rate: price / (1 + its rates).
-- Other currencies convert at the order's rate (order_context); a line
-- without a landed order is not converted: its base model quarantines it
-- for the missing order.
with

lines as (

    select * from {{ ref('shopify_fivetran__landed_order_line') }}

),

orders as (

    select * from {{ ref('shopify_fivetran__order_context') }}
    where is_first_of_id

),

allocations as (

    select
        {{ landed_text('order_line_id') }} as source_line_id,
        sum(coalesce(
            {{ landed_number('allocated_amount_set_shop_amount') }},
            {{ landed_number('amount_set_shop_money_amount') }},
            {{ landed_number('amount') }}
        )) as discount
    from {{ ref('shopify_fivetran__landed_discount_allocation') }}
    group by 1

),

tax_lines as (

    select
        order_line_id,
        price,
        price_set_shop_amount,
        rate
    from {{ ref('shopify_fivetran__landed_tax_line') }}
    union all
    select
        order_line_id,
        price,
        price_set_shop_amount,
        rate
    from {{ ref('shopify_fivetran__landed_order_line_tax_line') }}

),

taxes as (

    select
        {{ landed_text('order_line_id') }} as source_line_id,
        sum(coalesce(
            {{ landed_number('price_set_shop_amount') }},
            {{ landed_number('price') }}
        )) as tax,
        sum({{ landed_number('rate') }}) as tax_rate
    from tax_lines
    group by 1

),

parsed as (

    select
        {{ landed_text('lines.id') }} as source_line_id,
        {{ landed_text('lines.order_id') }} as source_order_id,
        {{ landed_text('lines.variant_id') }} as source_variant_id,
        {{ landed_text('lines.quantity') }} as quantity_text,
        try_cast(trim(lines.quantity) as integer) as quantity,
        coalesce(
            {{ landed_number('lines.original_unit_price_set_shop_amount') }},
            {{ landed_number('lines.price') }}
        ) as gross_unit_price,
        coalesce(
            allocations.discount,
            {{ landed_number('lines.total_discount_set_shop_amount') }},
            {{ landed_number('lines.total_discount') }},
            0
        ) as gross_discount,
        coalesce(taxes.tax, 0) as tax,
        coalesce(taxes.tax_rate, 0) as tax_rate,
        coalesce(
            {{ landed_bool('lines.is_gift_card') }},
            {{ landed_bool('lines.gift_card') }},
            false
        ) as is_gift_card,
        lines.dq_file_issue
    from lines
    left join allocations
        on {{ landed_text('lines.id') }} = allocations.source_line_id
    left join taxes
        on {{ landed_text('lines.id') }} = taxes.source_line_id

),

net as (

    -- the share of the gross price that is not tax (1 when prices
    -- exclude tax)
    select
        parsed.*,
        orders.set_aside_reason as order_set_aside_reason,
        orders.source_order_id is null as has_no_order,
        case
            when orders.source_order_id is null then 1 else orders.fx_rate
        end as fx_rate,
        orders.fx_issue,
        cast(
            case
                when not coalesce(orders.taxes_included, false) then 1
                when
                    parsed.quantity * parsed.gross_unit_price
                    - parsed.gross_discount > 0
                    then 1 - parsed.tax / (
                        parsed.quantity * parsed.gross_unit_price
                        - parsed.gross_discount
                    )
                else 1 / (1 + parsed.tax_rate)
            end
            as double
        ) as net_share,
        parsed.quantity * parsed.gross_unit_price - parsed.gross_discount
        - case when orders.taxes_included then parsed.tax else 0 end
            as net_amount
    from parsed
    left join orders on parsed.source_order_id = orders.source_order_id

),

priced as (

    select
        *,
        -- rounded to 1e-6 first: the double product of 12.10 and 1 must not
        -- ceil to 12.11
        cast(
            ceil(round(gross_unit_price * net_share * fx_rate * 100, 6)) / 100
            as decimal(38, 2)
        ) as unit_price
    from net

),

final as (

    select
        *,
        greatest(
            unit_price * quantity - round(net_amount * fx_rate, 2), 0
        ) as discount_amount,
        case
            when order_set_aside_reason is not null
                then 'order set aside: ' || order_set_aside_reason
            when is_gift_card then 'gift card (a liability, not revenue)'
        end as set_aside_reason
    from priced

)

select * from final
