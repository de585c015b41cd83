{%- set raw_rows = raw_source('returns') %}

with

repeated_keys as {{ materialized() }} (

    {{ dq_repeated_keys(raw_rows, ['return_id']) }}

),

-- the raw rows, typed as the spec says (raw_source)
typed as {{ not_materialized() }} (

    select *
    from {{ dq_flag_repeated(raw_rows, ['return_id']) }}

),

order_lines as (

    select * from {{ ref('base_shop__order_lines') }}

),

orders as (

    select * from {{ ref('base_shop__orders') }}

),

row_checked as {{ not_materialized() }} (

    select
        *,
        coalesce(
            dq_file_issue,
            dq_unparsed,
            case
                when return_id is null then 'return_id: missing'
                when order_line_id is null then 'order_line_id: missing'
                when returned_quantity is null then 'quantity: missing'
                when returned_quantity <= 0 then 'quantity: not above 0'
                when return_reason is null then 'reason: missing'
                when
                    return_reason not in (
                        'wrong_size', 'damaged', 'wrong_item',
                        'not_as_described', 'changed_mind', 'late_delivery',
                        'other'
                    )
                    then 'reason: not an allowed value'
                when requested_at is null then 'requested_at: missing'
                when received_at < requested_at
                    then 'received_at: before requested_at'
                when refund_amount is null then 'refund_amount: missing'
                when refund_amount < 0 then 'refund_amount: negative'
            end
        ) as dq_row_rule
    from typed

),

deduplicated as (

    select *
    from {{ dq_deduplicate('row_checked', ['return_id'], 'requested_at') }}

),

sold_lines as (

    select
        order_lines.order_line_id,
        order_lines.quantity,
        orders.ordered_at
    from order_lines
    inner join orders
        on order_lines.order_id = orders.order_id
    where order_lines.dq_rule is null and orders.dq_rule is null

),

referenced as (

    select
        deduplicated.*,
        sold_lines.quantity as line_quantity,
        coalesce(
            deduplicated.dq_row_rule,
            deduplicated.dq_duplicate_rule,
            {{ dq_reference(
                'deduplicated.order_line_id', 'line_status', 'order_lines'
            ) }},
            case
                when deduplicated.requested_at < sold_lines.ordered_at
                    then 'requested_at: before the order was placed'
            end
        ) as dq_reference_rule
    from deduplicated
    left join {{ dq_parent('order_lines', 'order_line_id') }} as line_status
        on deduplicated.order_line_id = line_status.parent_key
    left join sold_lines
        on deduplicated.order_line_id = sold_lines.order_line_id

),

-- all returns of a line together may not exceed what was sold: the returns
-- that push the running total (by request time) over the line's quantity
quantity_checked as (

    select
        *,
        case
            when dq_reference_rule is null
                then sum(returned_quantity) over (
                    partition by
                        order_line_id,
                        case when dq_reference_rule is null then 1 end
                    order by requested_at, return_id
                    rows between unbounded preceding and current row
                )
        end as returned_so_far
    from referenced

),

final as (

    select
        *,
        coalesce(
            dq_reference_rule,
            case
                when returned_so_far > line_quantity
                    then 'quantity: returns of the line exceed its quantity'
            end
        ) as dq_rule
    from quantity_checked

)

select {{ dq_base_columns('returns', exclude=['dq_is_repeated']) }}
from final
