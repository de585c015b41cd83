-- Per raw table: rows read, rows that reached staging, rows quarantined.
with

unioned as (

    {% for source_table, spec in dq_tables().items() %}
        select
            '{{ source_table }}' as source_table,
            count(*) as raw_rows,
            count(case when dq_rule is null then 1 end) as clean_rows,
            count(dq_rule) as rejected_rows
        from {{ ref(spec['base']) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        source_table,
        raw_rows,
        clean_rows,
        rejected_rows,
        {{ safe_divide('rejected_rows', 'raw_rows') }} as rejected_share,
        '{{ invocation_id }}' as run_id
    from unioned

)

select * from final
