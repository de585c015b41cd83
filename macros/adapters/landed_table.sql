{% macro landed_table(adapter_name, table_name) -%}
    {#- The rows of one table a loader landed for adapter `adapter_name`,
        named as the loader names it (`order`, `order_line`): the columns
        the calling model declares in its YAML, each as text (NULL when the
        table lacks it), plus `dq_file_issue` (a file problem, or a column
        declared `meta: {required: true}` that the table lacks). Read from
        the adapter's folder (`<table>.parquet`, `<table>.csv` or the parts
        `<table>/*.parquet`, `<table>/*.csv`, as raw_source reads exports:
        raw_files, _raw_file_rows) or from its schema; absent, or the
        adapter not configured: no rows. An adapter whose registry entry
        names `files` for the table reads every file of that glob in its
        folder instead (Shopify's `orders_export*.csv`); with
        `header_words`, a header `Lineitem sku` is column `lineitem_sku`.
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
    {%- set entry = source_adapter_registry()[adapter_name] -%}
    {%- set header_words = entry.get('header_words', false) -%}
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
        {{ return(_raw_select(declared, present, relation, none, required, header_words)) }}
    {%- endif -%}
    {%- set globs = entry.get('files', {}) -%}
    {%- if table_name in globs -%}
        {%- set files = _landed_glob_files(where.path ~ '/' ~ globs[table_name]) -%}
    {%- else -%}
        {%- set files = raw_files(where.path, table_name) -%}
    {%- endif -%}
    {%- if not files -%}
        {{ return(_raw_empty(declared)) }}
    {%- endif -%}
    {{ return(_raw_file_rows(declared, files, adapter_name ~ '.' ~ table_name, '', required,
        header_words=header_words)) }}
{%- endmacro %}


{% macro _landed_glob_files(pattern) -%}
    {#- The non-empty files matching `pattern`, in name order. -#}
    {%- set found = run_query(
        "select filename, size from read_blob(" ~ sql_string(pattern) ~ ") order by filename") -%}
    {%- set files = [] -%}
    {%- for row in found.rows if row[1] > 0 -%}
        {%- do files.append(row[0]) -%}
    {%- endfor -%}
    {{ return(files) }}
{%- endmacro %}
