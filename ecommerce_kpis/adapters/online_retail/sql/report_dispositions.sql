select
    outcome,
    reason,
    count(*) as source_lines,
    round(coalesce(sum(quantity * price), 0), 2) as amount_gbp
from dispositions
group by outcome, reason
order by outcome asc, count(*) desc, reason
