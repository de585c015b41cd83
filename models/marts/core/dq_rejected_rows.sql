-- Every raw row that did not pass the quarantine, with the first rule it
-- broke. Together with the staging models it accounts for every raw row.
with

unioned as (

    {% for source_table, spec in dq_tables().items() %}
        select
            '{{ source_table }}' as source_table,
            {{ dq_row_key(source_table) }} as row_key,
            dq_rule as rule_broken,
            dq_raw_row as raw_row
        from {{ ref(spec['base']) }}
        where dq_rule is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        source_table,
        row_key,
        rule_broken,
        raw_row,
        '{{ invocation_id }}' as run_id
    from unioned

)

select * from final
