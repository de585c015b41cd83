{% macro landed_table(adapter_name, table_name) -%}
    {#- The rows of one table a loader landed for adapter `adapter_name`,
        named as the loader names it (`order`, `order_line`): the columns
        the calling model declares in its YAML, each as text (NULL when the
        table lacks it), plus `dq_file_issue` (a file problem, or a column
        declared `meta: {required: true}` that the table lacks). Read from
        the adapter's folder (`<table>.parquet`, `<table>.csv` or the parts
        `<table>/*.parquet`, `<table>/*.csv`; CSV through the landing, D68)
        or from its schema; absent, or the adapter not configured: no rows.
        Column names match case-insensitively; columns the model does not
        declare are ignored. -#}
    {%- set declared = [] -%}
    {%- set required = [] -%}
    {%- for column in model.columns.values() if column.name != 'dq_file_issue' -%}
        {%- do declared.append(column.name) -%}
        {%- if (column.meta or {}).get('required') -%}
            {%- do required.append(column.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set where = source_adapters().get(adapter_name) -%}
    {%- if where is none or not execute -%}
        {{ return(_landed_empty(declared)) }}
    {%- endif -%}
    {%- if where.schema -%}
        {%- set relation = adapter.get_relation(
            database=where.database, schema=where.schema, identifier=table_name) -%}
        {%- if relation is none -%}
            {{ return(_landed_empty(declared)) }}
        {%- endif -%}
        {%- set present = [] -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- do present.append(column.name) -%}
        {%- endfor -%}
        {{ return(_landed_select(declared, required, present, relation)) }}
    {%- endif -%}
    {%- set files = raw_files(where.path, table_name) -%}
    {%- if not files -%}
        {{ return(_landed_empty(declared)) }}
    {%- endif -%}
    {%- if not files[0].endswith('.parquet') -%}
        {%- set paths = [] -%}
        {%- for file in files -%}
            {%- do paths.append(land_csv_export(file, adapter_name ~ '.' ~ table_name).path) -%}
        {%- endfor -%}
        {%- set reader = landed_csv_reader(paths) -%}
        {%- set unreadable = {} -%}
    {%- else -%}
        {%- set unreadable = parquet_file_issues(files) -%}
        {%- set readable = files | reject('in', unreadable) | list -%}
        {%- if not readable -%}
            {{ return(_raw_file_issue_rows(declared, unreadable.values() | list)) }}
        {%- endif -%}
        {%- set reader = "read_parquet(" ~ sql_string_list(readable) ~ ", union_by_name = true)" -%}
    {%- endif -%}
    {%- set present = [] -%}
    {%- for row in run_query("describe select * from " ~ reader).rows -%}
        {%- do present.append(row[0]) -%}
    {%- endfor -%}
    {%- set rows = _landed_select(declared, required, present, reader) -%}
    {%- if unreadable -%}
        {{ return("(select * from " ~ rows ~ " as readable union all select * from "
            ~ _raw_file_issue_rows(declared, unreadable.values() | list) ~ " as unreadable)") }}
    {%- endif -%}
    {{ return(rows) }}
{%- endmacro %}


{% macro _landed_select(declared, required, present, relation) -%}
    {%- set by_name = {} -%}
    {%- for name in present -%}
        {%- do by_name.update({name | lower: name}) -%}
    {%- endfor -%}
    {%- set missing = required | reject('in', by_name) | list -%}
    (
        select
        {%- for column in declared %}
            {% if column in by_name -%}
                cast({{ adapter.quote(by_name[column]) }} as {{ dbt.type_string() }})
            {%- else -%}
                cast(null as {{ dbt.type_string() }})
            {%- endif %} as {{ adapter.quote(column) }},
        {%- endfor %}
            {% if missing -%}
                'file: missing column {{ missing | join(", ") }}'
            {%- elif 'dq_file_issue' in by_name -%}
                nullif({{ adapter.quote(by_name['dq_file_issue']) }}, '')
            {%- else -%}
                cast(null as {{ dbt.type_string() }})
            {%- endif %} as dq_file_issue
        from {{ relation }}
    )
{%- endmacro %}


{% macro _landed_empty(declared) -%}
    (
        select
        {%- for column in declared %}
            cast(null as {{ dbt.type_string() }}) as {{ adapter.quote(column) }},
        {%- endfor %}
            cast(null as {{ dbt.type_string() }}) as dq_file_issue
        where 1 = 0
    )
{%- endmacro %}
