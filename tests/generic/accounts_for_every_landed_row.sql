{% test accounts_for_every_landed_row(model, adapter_name) %}
{#- Every row adapter `adapter_name` landed is counted once in `model`
    (adapter_row_accounting): per landed table, the rows of its landed view
    <adapter>__landed_<table> = the rows accounted; and per contract table,
    the rows accounted as mapped = the rows of <adapter>__<table>. The
    relations are found in dbt's graph, so a new landed table is checked
    without an edit here. -#}
{%- set prefix = adapter_name ~ '__landed_' -%}
{%- set landed = [] -%}
{%- set mapped = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' -%}
        {%- if node.name.startswith(prefix) -%}
            {%- do landed.append((node.name[prefix | length:], node.relation_name)) -%}
        {%- endif -%}
        {%- for table in source_adapter_registry()[adapter_name].tables
            if node.name == adapter_name ~ '__' ~ table -%}
            {%- do mapped.append((table, node.relation_name)) -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endif -%}

with

landed as (

    select cast(null as varchar) as landed_table, 0 as landed_rows
    where 1 = 0
    {%- for table, relation in landed %}
    union all
    select '{{ table }}', count(*) from {{ relation }}
    {%- endfor %}

),

accounted as (

    select
        landed_table,
        sum(landed_rows) as accounted_rows
    from {{ model }}
    where adapter = '{{ adapter_name }}'
    group by 1

),

landed_differences as (

    select
        'landed ' || coalesce(landed.landed_table, accounted.landed_table)
            as checked,
        coalesce(landed.landed_rows, 0) as expected_rows,
        coalesce(accounted.accounted_rows, 0) as accounted_rows
    from landed
    full outer join accounted
        on landed.landed_table = accounted.landed_table

),

mapped as (

    select cast(null as varchar) as contract_table, 0 as mapped_rows
    where 1 = 0
    {%- for table, relation in mapped %}
    union all
    select '{{ table }}', count(*) from {{ relation }}
    {%- endfor %}

),

mapped_differences as (

    select
        'mapped into ' || mapped.contract_table as checked,
        mapped.mapped_rows as expected_rows,
        coalesce(sum(accounting.landed_rows), 0) as accounted_rows
    from mapped
    left join {{ model }} as accounting
        on
            accounting.adapter = '{{ adapter_name }}'
            and accounting.outcome = 'mapped'
            and list_contains(
                string_split(accounting.contract_table, ', '), mapped.contract_table
            )
    group by 1, 2

)

select * from landed_differences
where expected_rows != accounted_rows
union all
select * from mapped_differences
where expected_rows != accounted_rows

{% endtest %}
