{% test quarantine_reconciles(model, source_table) %}
{#- Every raw row of `source_table` is either in this staging model or in
    dq_rejected_rows: raw count = clean count + rejected count. Raw rows are
    counted straight from the raw relation, not from the base model. -#}

with

raw_rows as (

    select count(*) as n_rows
    from {{ raw_source(source_table) }} as raw_table

),

clean_rows as (

    select count(*) as n_rows
    from {{ model }}

),

rejected_rows as (

    select count(*) as n_rows
    from {{ ref('dq_rejected_rows') }}
    where source_table = '{{ source_table }}'

)

select
    raw_rows.n_rows as raw_count,
    clean_rows.n_rows as clean_count,
    rejected_rows.n_rows as rejected_count
from raw_rows
cross join clean_rows
cross join rejected_rows
where raw_rows.n_rows != clean_rows.n_rows + rejected_rows.n_rows

{% endtest %}
