-- Per raw table and rule: how many rows the quarantine holds for that rule
-- (the first rule each row broke), without the rows themselves: the
-- data-quality page of BI and the dashboard read it; dq_rejected_rows, with
-- the raw rows, stays in the working database.
with

rejected as (

    select * from {{ ref('dq_rejected_rows') }}

),

final as (

    select
        source_table,
        rule_broken,
        count(*) as rejected_rows
    from rejected
    group by source_table, rule_broken

)

select * from final
