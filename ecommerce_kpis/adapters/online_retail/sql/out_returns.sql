with first_copies as (
    select * from matched_returns
),

later_copies as (
    -- an exact copy of a matched cancellation line: the same rows
    select first_copies.*
    from lines
    inner join first_copies
        on
            lines.invoice = first_copies.invoice
            and lines.line_number = first_copies.line_number
    where lines.outcome = 'cancellation' and lines.copy_number > 1
)

select
    return_id,
    order_line_id,
    cast(quantity as integer) as quantity,
    reason,
    requested_at,
    received_at,
    cast(round(refund_amount, 2) as decimal(18, 2)) as refund_amount
from (
    select * from first_copies
    union all
    select * from later_copies
) as all_copies
order by requested_at, return_id
