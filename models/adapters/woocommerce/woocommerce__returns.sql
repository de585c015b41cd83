-- WooCommerce refunded lines that are returns (refund_line_context) as raw
-- contract `returns` (D74).
with

refund_lines as (

    select * from {{ ref('woocommerce__refund_line_context') }}
    where set_aside_reason is null

),

final as (

    select
        {{ contract_id('woocommerce', 'source_refund_line_id') }} as return_id,
        {{ contract_id('woocommerce', 'source_line_id') }} as order_line_id,
        quantity_text as quantity,
        reason,
        refunded_at_text as requested_at,
        refunded_at_text as received_at,
        {{ contract_money_text('refund_amount') }} as refund_amount,
        coalesce(dq_file_issue, fx_issue) as dq_file_issue
    from refund_lines

)

select * from final
