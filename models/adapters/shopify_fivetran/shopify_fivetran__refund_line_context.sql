-- One row per landed refunded order line (order_line_refund, or
-- refund_line_item on newer connections): its fate and its values as a
-- raw contract return (D71). A refund is a return when goods came back:
-- - restock type `return` or `legacy_restock`: a return;
-- - `no_restock` with a Shopify return (refund.return_id): a return whose
--   goods were not restocked (e.g. damaged);
-- - `no_restock` without a return: money back, goods kept (a price
--   adjustment or a lost parcel): set aside;
-- - `cancel`: an item refunded before it shipped: set aside.
-- The reason is the Shopify return line's; `other` without one. Shopify
-- records when the refund was made, not when the return was asked for or
-- arrived: both times are the refund's.
with

refund_lines as (

    select
        'order_line_refund' as landed_table,
        *
    from {{ ref('shopify_fivetran__landed_order_line_refund') }}
    union all
    select
        'refund_line_item' as landed_table,
        *
    from {{ ref('shopify_fivetran__landed_refund_line_item') }}

),

refunds as (

    select
        {{ landed_text('id') }} as source_refund_id,
        max({{ landed_text('order_id') }}) as source_order_id,
        max({{ landed_text('return_id') }}) as source_return_id,
        max({{ contract_timestamp_text('created_at') }}) as refunded_at_text
    from {{ ref('shopify_fivetran__landed_refund') }}
    group by 1

),

return_reasons as (

    select
        {{ landed_text('return_id') }} as source_return_id,
        {{ landed_text('order_line_id') }} as source_line_id,
        max(lower({{ landed_text('return_reason') }})) as return_reason
    from {{ ref('shopify_fivetran__landed_return_line_item') }}
    group by 1, 2

),

lines as (

    select * from {{ ref('shopify_fivetran__order_line_context') }}

),

orders as (

    select * from {{ ref('shopify_fivetran__order_context') }}
    where is_first_of_id

),

parsed as (

    select
        refund_lines.landed_table,
        {{ landed_text('refund_lines.id') }} as source_refund_line_id,
        {{ landed_text('refund_lines.order_line_id') }} as source_line_id,
        {{ landed_text('refund_lines.quantity') }} as quantity_text,
        lower({{ landed_text('refund_lines.restock_type') }}) as restock_type,
        coalesce(
            {{ landed_number('refund_lines.subtotal_set_shop_amount') }},
            {{ landed_number('refund_lines.subtotal') }}
        ) as gross_refund,
        coalesce(
            {{ landed_number('refund_lines.total_tax_set_shop_amount') }},
            {{ landed_number('refund_lines.total_tax') }},
            0
        ) as refund_tax,
        refunds.source_refund_id,
        refunds.source_return_id,
        refunds.refunded_at_text,
        return_reasons.return_reason,
        lines.set_aside_reason as line_set_aside_reason,
        orders.taxes_included,
        -- an unknown line is not converted: its base model quarantines it
        case
            when lines.source_line_id is null then 1 else orders.fx_rate
        end as fx_rate,
        orders.fx_issue,
        refund_lines.dq_file_issue
    from refund_lines
    left join refunds
        on
            {{ landed_text('refund_lines.refund_id') }}
            = refunds.source_refund_id
    left join lines
        on
            {{ landed_text('refund_lines.order_line_id') }}
            = lines.source_line_id
    left join orders on lines.source_order_id = orders.source_order_id
    left join return_reasons
        on
            refunds.source_return_id = return_reasons.source_return_id
            and {{ landed_text('refund_lines.order_line_id') }}
            = return_reasons.source_line_id

),

final as (

    select
        *,
        (
            gross_refund
            - case when taxes_included then refund_tax else 0 end
        ) * fx_rate as refund_amount,
        case return_reason
            when 'size_too_small' then 'wrong_size'
            when 'size_too_large' then 'wrong_size'
            when 'defective' then 'damaged'
            when 'wrong_item' then 'wrong_item'
            when 'not_as_described' then 'not_as_described'
            when 'unwanted' then 'changed_mind'
            when 'style' then 'changed_mind'
            when 'color' then 'changed_mind'
            else 'other'
        end as reason,
        case
            when line_set_aside_reason is not null
                then 'order line set aside: ' || line_set_aside_reason
            when restock_type = 'cancel'
                then
                    'refund of an item cancelled before shipping'
                    || ' (restock_type cancel)'
            when restock_type = 'no_restock' and source_return_id is null
                then 'refund without a return (restock_type no_restock)'
        end as set_aside_reason
    from parsed

)

select * from final
