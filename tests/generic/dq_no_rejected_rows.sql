{% test dq_no_rejected_rows(model) %}
{#- Lists, per table and rule, the rows in quarantine: run with severity
    warn so that a build with bad rows says so without stopping. -#}

select
    source_table,
    rule_broken,
    count(*) as rejected_rows,
    min(row_key) as example_key
from {{ model }}
group by source_table, rule_broken

{% endtest %}
