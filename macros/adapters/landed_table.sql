{% macro landed_table(adapter_name, table_name) -%}
    {#- The rows of one table a loader landed for adapter `adapter_name`,
        named as the loader names it (`order`, `order_line`): the columns
        the calling model declares in its YAML, each as text (NULL when the
        table lacks it), plus `dq_file_issue` (a file problem, or a column
        declared `meta: {required: true}` that the table lacks). Read from
        the adapter's folder (`<table>.parquet`, `<table>.csv` or the parts
        `<table>/*.parquet`, `<table>/*.csv`, as raw_source reads exports:
        raw_files, _raw_file_rows) or from its schema; absent, or the
        adapter not configured: no rows. Column names match
        case-insensitively; columns the model does not declare are
        ignored. -#}
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
        {{ return(_raw_empty(declared)) }}
    {%- endif -%}
    {%- if where.schema -%}
        {%- set relation = adapter.get_relation(
            database=where.database, schema=where.schema, identifier=table_name) -%}
        {%- if relation is none -%}
            {{ return(_raw_empty(declared)) }}
        {%- endif -%}
        {%- set present = [] -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- do present.append(column.name) -%}
        {%- endfor -%}
        {{ return(_raw_select(declared, present, relation, none, required)) }}
    {%- endif -%}
    {%- set files = raw_files(where.path, table_name) -%}
    {%- if not files -%}
        {{ return(_raw_empty(declared)) }}
    {%- endif -%}
    {{ return(_raw_file_rows(declared, files, adapter_name ~ '.' ~ table_name, '', required)) }}
{%- endmacro %}
