create temp table dispositions as
select
    lines.src_row,
    lines.invoice,
    lines.line_number,
    lines.copy_number,
    lines.quantity,
    lines.price,
    case
        when lines.outcome <> 'cancellation' then lines.outcome
        when
            outcomes.matched > 0 and lines.copy_number > 1
            then 'passed_to_quarantine'
        when outcomes.matched > 0 then 'mapped'
        else 'set_aside'
    end as outcome,
    case
        when lines.outcome <> 'cancellation' then lines.reason
        when
            outcomes.matched > 0 and lines.copy_number > 1
            then 'return_id: duplicate'
        when outcomes.matched = -lines.quantity then 'return (fully matched)'
        when outcomes.matched > 0
            then 'return (partly matched; the rest of the quantity set aside)'
        else
            'unmatched cancellation: no earlier unreturned purchase by the customer'
    end as reason
from lines
left join cancellation_outcomes as outcomes
    on
        lines.invoice = outcomes.invoice
        and lines.line_number = outcomes.line_number
