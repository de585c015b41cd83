-- The rows of dq_rule_summary add up to each table's rejected_rows in
-- dq_table_summary: a table with rejected rows and no rule rows, or rule
-- rows of a table without rejected rows, fails (a missing side counts 0);
-- so does a dq_table_summary without rows (it has one per raw table). Not
-- in tests/marts: on a clean build both quarantine marts hold no rejected
-- row, so an empty dq_rule_summary is right there; the bad-input builds
-- (tests/python/test_bad_input.py) are where it counts rows.
with

by_rule as (

    select
        source_table,
        sum(rejected_rows) as rule_rows
    from {{ ref('dq_rule_summary') }}
    group by source_table

),

by_table as (

    select
        source_table,
        rejected_rows
    from {{ ref('dq_table_summary') }}

),

compared as (

    select
        coalesce(by_table.source_table, by_rule.source_table) as source_table,
        coalesce(by_table.rejected_rows, 0) as table_rows,
        coalesce(by_rule.rule_rows, 0) as rule_rows
    from by_table
    full outer join by_rule
        on by_table.source_table = by_rule.source_table

)

select
    source_table,
    table_rows,
    rule_rows
from compared
where table_rows != rule_rows

union all

select
    '(dq_table_summary has no rows)' as source_table,
    0 as table_rows,
    0 as rule_rows
from (select count(*) as table_count from by_table) as counted
where counted.table_count = 0
