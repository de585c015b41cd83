-- One row per landed refunded line (an element of refunds.line_items): its
-- fate and its values as a raw contract return (D74). The returned order
-- line is the refund line's meta `_refunded_item_id` (the refunds stream
-- carries no order id; the line names its order). WooCommerce records
-- when the refund was made, not when the return was asked for or arrived:
-- both times are the refund's. Quantity and total are negative on a
-- refund; the refund amount is the total without tax, in the reporting
-- currency at the order's rate. The reason is the refund's typed text
-- when it is one of the contract's reasons (`wrong size` too), else
-- `other`. A line of quantity 0 refunds an amount, no goods: set aside.
with

refund_lines as (

    select * from {{ ref('woocommerce__landed_refunds__line_items') }}

),

lines as (

    select * from {{ ref('woocommerce__order_line_context') }}

),

orders as (

    select * from {{ ref('woocommerce__order_context') }}
    where is_first_of_id

),

parsed as (

    select
        {{ landed_text('refund_lines.refund_id') }} as source_refund_id,
        {{ landed_json_text('refund_lines.line_item', '$.id') }}
            as source_refund_line_id,
        {{ landed_json_meta(
            "json_extract(refund_lines.line_item, '$.meta_data')",
            '_refunded_item_id'
        ) }} as source_line_id,
        {{ contract_integer_text(
            'cast(-' ~ landed_number(
                landed_json_text('refund_lines.line_item', '$.quantity')
            ) ~ ' as varchar)'
        ) }} as quantity_text,
        {{ landed_number(
            landed_json_text('refund_lines.line_item', '$.quantity')
        ) }} as source_quantity,
        -{{ landed_number(
            landed_json_text('refund_lines.line_item', '$.total')
        ) }} as refund_total,
        {{ contract_timestamp_text('refund_lines.date_created_gmt') }}
            as refunded_at_text,
        replace(
            lower({{ landed_text('refund_lines.reason') }}), ' ', '_'
        ) as source_reason,
        refund_lines.dq_file_issue
    from refund_lines

),

final as (

    select
        parsed.*,
        lines.source_order_id,
        -- an unknown line is not converted: its base model quarantines it
        parsed.refund_total * case
            when orders.source_order_id is null then 1 else orders.fx_rate
        end as refund_amount,
        orders.fx_issue,
        case
            when parsed.source_reason in (
                'wrong_size', 'damaged', 'wrong_item', 'not_as_described',
                'changed_mind', 'late_delivery', 'other'
            ) then parsed.source_reason
            else 'other'
        end as reason,
        case
            when lines.set_aside_reason is not null
                then 'order line set aside: ' || lines.set_aside_reason
            when parsed.source_quantity = 0
                then 'an amount refunded, no goods (quantity 0)'
        end as set_aside_reason
    from parsed
    left join lines on parsed.source_line_id = lines.source_line_id
    left join orders on lines.source_order_id = orders.source_order_id

)

select * from final
