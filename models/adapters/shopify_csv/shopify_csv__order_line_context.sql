-- One row per landed row of the orders export, i.e. per line item (D73):
-- its line key, its order's fate, and its amounts in the raw contract's
-- terms, in the reporting currency, without VAT:
-- - the line has no id: it is the order's Name and the line's place in
--   the order (the order's first row first, then by SKU, name, quantity
--   and price), e.g. `#1001-2`;
-- - discount: the line's own `Lineitem discount` plus its share of the
--   order's discount no line shows (a code), by the line's amount;
-- - prices including tax (order_context): every amount is scaled by the
--   order's share of non-tax. The unit price is rounded up to the cent and
--   the discount takes the rounding (never negative), so the line's net
--   revenue is its gross less discount less its share of the tax.
-- A row whose order has no first row in the export ("line without
-- order") is not converted: its base model quarantines it for the
-- missing order.
with

landed as (

    select * from {{ ref('shopify_csv__landed_orders_export') }}

),

orders as (

    select * from {{ ref('shopify_csv__order_context') }}

),

parsed as (

    select
        {{ landed_text('name') }} as source_order_id,
        coalesce(
            {{ landed_text('currency') }},
            {{ landed_text('total') }},
            {{ landed_text('financial_status') }}
        ) is not null as is_order_row,
        coalesce(
            {{ landed_text('lineitem_sku') }},
            {{ landed_text('lineitem_name') }}
        ) as source_product_id,
        {{ landed_text('lineitem_quantity') }} as quantity_text,
        try_cast(trim(lineitem_quantity) as integer) as quantity,
        {{ landed_number('lineitem_price') }} as gross_unit_price,
        coalesce({{ landed_number('lineitem_discount') }}, 0) as line_discount,
        dq_file_issue
    from landed

),

numbered as (

    select
        *,
        row_number() over (
            partition by source_order_id
            order by
                is_order_row desc, source_product_id asc, quantity_text asc,
                gross_unit_price asc, line_discount asc
        ) as line_number
    from parsed

),

net as (

    select
        numbered.*,
        orders.source_order_id is null as has_no_order,
        case
            when orders.source_order_id is null then 1 else orders.fx_rate
        end as fx_rate,
        orders.fx_issue,
        orders.export_issue,
        coalesce(orders.net_share, 1) as net_share,
        numbered.line_discount
        + case
            when orders.lines_after_line_discounts > 0
                then
                    orders.order_level_discount
                    * (
                        numbered.quantity * numbered.gross_unit_price
                        - numbered.line_discount
                    )
                    / orders.lines_after_line_discounts
            else 0
        end as gross_discount
    from numbered
    left join orders
        on
            numbered.source_order_id = orders.source_order_id
            and orders.is_first_of_id

),

priced as (

    select
        *,
        (quantity * gross_unit_price - gross_discount) * net_share
            as net_amount,
        -- rounded to 1e-6 first: the double product of 12.10 and 1 must not
        -- ceil to 12.11
        cast(
            ceil(
                round(
                    gross_unit_price
                    * cast(net_share as double) * fx_rate * 100,
                    6
                )
            ) / 100
            as decimal(38, 2)
        ) as unit_price
    from net

),

final as (

    select
        *,
        source_order_id || '-' || cast(line_number as varchar)
            as source_line_id,
        greatest(
            unit_price * quantity
            - cast(round(net_amount * fx_rate, 2) as decimal(38, 2)),
            0
        ) as discount_amount
    from priced

)

select * from final
