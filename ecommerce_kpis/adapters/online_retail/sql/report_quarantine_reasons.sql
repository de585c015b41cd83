select
    reason,
    count(*) as source_lines
from lines
where outcome = 'passed_to_quarantine'
group by reason
order by reason
