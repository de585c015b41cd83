select
    count(*) as cancellation_lines,
    coalesce(sum(-lines.quantity), 0) as units,
    coalesce(sum(outcomes.matched), 0) as units_matched,
    count(*) filter (
        where outcomes.matched = -lines.quantity
    ) as lines_fully_matched,
    count(*) filter (
        where outcomes.matched > 0 and outcomes.matched < -lines.quantity
    ) as lines_partly_matched,
    count(*) filter (where outcomes.matched = 0) as lines_unmatched
from lines
inner join cancellation_outcomes as outcomes
    on
        lines.invoice = outcomes.invoice
        and lines.line_number = outcomes.line_number
where lines.copy_number = 1
