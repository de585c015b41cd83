{% macro raw_table_spec(table_name) -%}
    {#- The spec of one raw table, as dbt parsed its file
        seeds/raw/raw_<table>.yml (decision D49): a mapping with `name`,
        `meta` (the table's rules: key, parents, ...) and `columns`, a list
        in file order of {name, data_type, description, meta}. A column's
        `accepted_values_of: <table>.<column>` is resolved into
        `accepted_values`.
        dbt's `graph` is empty at parse time, where the SQL is never run:
        there the spec has no columns. A unit test's graph is empty too; it
        reads the typing part of the spec that the seed stored with its
        table (_raw_table_spec_of_unit_test); the table's meta is empty
        there. -#}
    {%- set node = graph.get('nodes', {}).get('seed.' ~ project_name ~ '.raw_' ~ table_name) -%}
    {%- if node is none -%}
        {%- if not execute -%}
            {{ return({'name': table_name, 'meta': {}, 'columns': [], 'file': none}) }}
        {%- endif -%}
        {{ return(_raw_table_spec_of_unit_test(table_name)) }}
    {%- endif -%}
    {%- set columns = [] -%}
    {%- for column in node.columns.values() -%}
        {%- set meta = dict(column.meta) -%}
        {%- if 'accepted_values_of' in meta -%}
            {%- set other_table, other_column = meta.accepted_values_of.split('.') -%}
            {%- set others = raw_table_spec(other_table).columns
                | selectattr('name', 'equalto', other_column) | list -%}
            {%- do meta.update({'accepted_values': others[0].meta.accepted_values}) -%}
        {%- endif -%}
        {%- do columns.append({
            'name': column.name,
            'data_type': column.data_type,
            'description': column.description,
            'meta': meta,
        }) -%}
    {%- endfor -%}
    {{ return({'name': table_name, 'meta': node.meta, 'columns': columns,
        'file': node.root_path ~ '/' ~ node.original_file_path}) }}
{%- endmacro %}


{% macro _raw_table_spec_of_unit_test(table_name) -%}
    {#- A unit test's spec: dbt gives a unit test a graph without the seeds,
        so the typing part of the spec is read from where the seed's
        post-hook stored it with the seed table (store_raw_table_spec,
        D101), which every unit test needs anyway; its columns must be the
        table's. -#}
    {%- set in_unit_test = model is mapping and model.get('resource_type') == 'unit_test' -%}
    {%- if not in_unit_test -%}
        {{ exceptions.raise_compiler_error(
            "unknown raw table: " ~ table_name ~ " (no seed raw_" ~ table_name
            ~ " with a spec seeds/raw/raw_" ~ table_name ~ ".yml)") }}
    {%- endif -%}
    {%- set relation = adapter.get_relation(
        database=target.get('database'), schema=generate_schema_name('raw', none) | trim,
        identifier='raw_' ~ table_name) -%}
    {%- if relation is none -%}
        {{ exceptions.raise_compiler_error(
            "unit tests read the column names of raw table " ~ table_name
            ~ " from the seed's table raw_" ~ table_name ~ ": run `dbt seed` first") }}
    {%- endif -%}
    {%- set names = [] -%}
    {%- for column in adapter.get_columns_in_relation(relation) -%}
        {%- do names.append(column.name) -%}
    {%- endfor -%}
    {%- set stored = _raw_table_stored_spec(relation) -%}
    {%- if stored is none or stored | map(attribute='name') | list != names -%}
        {{ exceptions.raise_compiler_error(
            "unit tests type raw table " ~ table_name ~ " by the spec stored with the seed "
            ~ "table raw_" ~ table_name ~ ", which is missing or names other columns than "
            ~ "the table (" ~ names | join(', ') ~ "): run `dbt seed` again") }}
    {%- endif -%}
    {%- set columns = [] -%}
    {%- for column in stored -%}
        {%- do columns.append({'name': column.name, 'data_type': column.data_type,
            'description': '', 'meta': column.meta}) -%}
    {%- endfor -%}
    {{ return({'name': table_name, 'meta': {}, 'columns': columns, 'file': none}) }}
{%- endmacro %}


{% macro store_raw_table_spec() -%}
    {#- Post-hook of the raw seeds (dbt_project.yml): stores the typing part
        of the seed's spec (each column's name, data_type, normalize and
        staging_name) with its table, as the table comment on DuckDB and a
        table property on Spark. A unit test's graph has no seeds (D101):
        raw_table_spec reads the spec back from there. -#}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set stored = [] -%}
    {%- for column in raw_table_spec(this.identifier[4:]).columns -%}
        {%- set meta = {} -%}
        {%- for key in ['normalize', 'staging_name'] if key in column.meta -%}
            {%- do meta.update({key: column.meta[key]}) -%}
        {%- endfor -%}
        {%- do stored.append({'name': column.name, 'data_type': column.data_type, 'meta': meta}) -%}
    {%- endfor -%}
    {%- set text = tojson(stored) -%}
    {%- if "'" in text or "\\" in text -%}
        {{ exceptions.raise_compiler_error(
            "the spec of " ~ this.identifier ~ " has a quote or backslash in a column name, "
            ~ "type, normalize or staging_name: " ~ text) }}
    {%- endif -%}
    {%- if target.type == 'spark' -%}
        alter table {{ this }} set tblproperties ('kpi_raw_spec' = '{{ text }}')
    {%- else -%}
        comment on table {{ this }} is '{{ text }}'
    {%- endif -%}
{%- endmacro %}


{% macro _raw_table_stored_spec(relation) -%}
    {#- The spec store_raw_table_spec stored with a seed table, or none. -#}
    {%- if target.type == 'spark' -%}
        {%- set rows = run_query("show tblproperties " ~ relation ~ " ('kpi_raw_spec')").rows -%}
    {%- else -%}
        {%- set rows = run_query(
            "select comment from duckdb_tables() where database_name = "
            ~ sql_string(relation.database) ~ " and schema_name = "
            ~ sql_string(relation.schema) ~ " and table_name = "
            ~ sql_string(relation.identifier)).rows -%}
    {%- endif -%}
    {%- set text = rows[0][-1] if rows else none -%}
    {%- if text is none or not (text | string).startswith('[') -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(fromjson(text)) }}
{%- endmacro %}


{% macro raw_table_columns(table_name) -%}
    {#- The columns of one raw table, in order, from its spec
        (raw_table_spec). Empty at parse time. -#}
    {{ return(raw_table_spec(table_name).columns | map(attribute='name') | list) }}
{%- endmacro %}


{% macro raw_data_path() -%}
    {#- The var raw_data_path, validated: '' (embedded seeds) or a folder path
        without quotes or other characters that could break out of SQL. -#}
    {{ return(plain_path(var('raw_data_path', ''), 'raw_data_path')) }}
{%- endmacro %}


{% macro raw_schema() -%}
    {#- The var raw_schema, validated: '' (no user tables) or the name of a
        schema (Spark: database) that holds the user's raw tables, one per
        contract table, named as the table (`sessions`, `orders`, ...). -#}
    {%- set name = plain_schema(var('raw_schema', ''), 'raw_schema') -%}
    {%- if name != '' and raw_data_path() != '' -%}
        {{ exceptions.raise_compiler_error(
            "set var raw_schema or var raw_data_path, not both") }}
    {%- endif -%}
    {{ return(name) }}
{%- endmacro %}


{% macro reads_demo_seeds() -%}
    {#- True when this build reads the embedded demo seeds: none of the vars
        raw_data_path, raw_schema, source_adapters is set. -#}
    {{ return(raw_data_path() == '' and raw_schema() == '' and not source_adapters()) }}
{%- endmacro %}


{% macro raw_source(table_name, window_column=none, window_start=none, masked={}) -%}
    {#- The raw rows of one contract table as a subquery, typed as its spec
        says (raw_typed_rows: every contract column typed and cleaned,
        `dq_unparsed`, the raw row as a struct of text `dq_raw_row` with the
        columns of `masked` replaced) plus `dq_file_issue` (see
        _raw_user_source). A source column that already has its spec type
        is read as it is (D101). With var
        source_adapters (decision D71), the rows the configured adapters
        map from the loaders' tables (models <adapter>__<table>) come first,
        unioned with the rows of raw_data_path or raw_schema, if set; the
        demo seeds are then never read. Orders get their GA4 session there
        (ga4_order_link, D85). -#}
    {%- set in_unit_test = model is mapping and model.get('resource_type') == 'unit_test' -%}
    {%- set rows = _raw_user_source(table_name, window_column, window_start, masked) -%}
    {%- set adapter_models = [] if in_unit_test else source_adapter_models(table_name) -%}
    {%- if not adapter_models -%}
        {{ return(ga4_order_link(table_name, rows)) }}
    {%- endif -%}
    {%- set columns = raw_table_columns(table_name) + ['dq_file_issue'] -%}
    {%- set parts = [] -%}
    {%- for name in adapter_models -%}
        {%- do parts.append("select * from " ~ raw_typed_rows(table_name,
            "(select " ~ columns | join(", ") ~ " from " ~ ref(name) ~ ")", {}, masked)) -%}
    {%- endfor -%}
    {%- if not execute -%}
        {{ return(ga4_order_link(table_name, rows)) }}
    {%- endif -%}
    {{ return(ga4_order_link(table_name, "(" ~ parts | join(" union all ")
        ~ " union all select * from " ~ rows ~ " as user_rows)")) }}
{%- endmacro %}


{% macro _raw_user_source(table_name, window_column=none, window_start=none, masked={}) -%}
    {#- The raw rows of one contract table as a subquery: every contract
        column typed (raw_typed_rows, with `masked`; NULL when the file
        lacks it) plus `dq_file_issue`,
        which names missing columns so that such rows are quarantined with a
        clear rule instead of crashing the build. Reads the embedded seed
        `raw_<table>`, or with var raw_data_path the export of that table in
        that folder (see raw_files), or with var raw_schema the table
        `<raw_schema>.<table>` the user provides (any engine, e.g. an external
        table over their files on Spark); absent tables or files, and empty
        files, are an empty table.
        With window_start (an incremental run, see incremental_window) and a
        Parquet export whose `window_column` is a TIMESTAMP, only rows from
        the day before window_start on (or without a timestamp) are read, so
        that Parquet skips the row groups of earlier days; the model itself
        applies the exact local-date window. -#}
    {%- set columns = raw_table_columns(table_name) -%}
    {%- set typing = {'table': table_name, 'masked': masked, 'types': {}} -%}
    {%- set path = raw_data_path() -%}
    {#- always a DAG edge to the seed: unit tests need its relation for the
        column types of their fixtures, whichever data the build reads -#}
    {%- set relation = ref('raw_' ~ table_name) -%}
    {#- unit tests always read their given rows, which dbt puts in for the seed -#}
    {%- set in_unit_test = model is mapping and model.get('resource_type') == 'unit_test' -%}
    {%- set user_schema = raw_schema() -%}
    {%- if user_schema != '' and not in_unit_test -%}
        {%- if not execute -%}
            {{ return(_raw_empty(columns, typing)) }}
        {%- endif -%}
        {%- set user_relation = adapter.get_relation(
            database=target.get('database'), schema=user_schema, identifier=table_name) -%}
        {%- if user_relation is none -%}
            {{ return(_raw_empty(columns, typing)) }}
        {%- endif -%}
        {%- set present = [] -%}
        {%- set types = {} -%}
        {%- for column in adapter.get_columns_in_relation(user_relation) -%}
            {%- do present.append(column.name) -%}
            {%- do types.update({column.name: column.dtype}) -%}
        {%- endfor -%}
        {{ return(_raw_select(columns, present, user_relation,
            typing=dict(typing, types=types))) }}
    {%- endif -%}
    {%- if path == '' and not in_unit_test and source_adapters() -%}
        {#- the adapters feed this build: the demo seeds are not its data -#}
        {{ return(_raw_empty(columns, typing)) }}
    {%- endif -%}
    {%- if path == '' and not in_unit_test and target.type == 'duckdb' and execute -%}
        {#- DuckDB reads a raw seed's CSV file through the landing, as it
            reads an export (decision D68): a bad seed file is quarantined,
            never a failed build. The seed's table (loaded from the same
            landed copy) is what unit tests and the docs use. -#}
        {{ return(_raw_landed(columns, [raw_table_spec(table_name).file], table_name, '{}',
            typing=typing)) }}
    {%- endif -%}
    {%- if path == '' or in_unit_test -%}
        {%- set present = [] -%}
        {%- if execute -%}
            {%- for column in adapter.get_columns_in_relation(relation) -%}
                {%- do present.append(column.name) -%}
            {%- endfor -%}
        {%- endif -%}
        {#- unit-test fixtures are CTEs without a catalog entry: all columns -#}
        {{ return(_raw_select(columns, present if present else columns, relation,
            typing=typing)) }}
    {%- endif -%}
    {%- if target.type != 'duckdb' -%}
        {{ exceptions.raise_compiler_error(
            "var raw_data_path reads export files with DuckDB and works on the "
            ~ "DuckDB targets only. On " ~ target.type ~ ", register your files as "
            ~ "tables (e.g. CREATE TABLE my_raw.sessions USING parquet LOCATION '...') "
            ~ "and set var raw_schema: my_raw instead; see README 'Running on Spark'.") }}
    {%- endif -%}
    {%- if not execute -%}
        {{ return(_raw_empty(columns, typing)) }}
    {%- endif -%}
    {%- set files = raw_files(path, table_name) -%}
    {%- if files | length == 0 -%}
        {{ return(_raw_empty(columns, typing)) }}
    {%- endif -%}
    {{ return(_raw_file_rows(columns, files, table_name, '', none, window_column, window_start,
        typing=typing)) }}
{%- endmacro %}


{% macro _raw_file_rows(columns, files, table_name, format_json, required=none,
    window_column=none, window_start=none, header_words=false, typing=none) -%}
    {#- The rows of export files (raw_files) as `columns` in text (typed
        with `typing`) plus dq_file_issue: raw_source's exports, and the
        loaders' tables of the source adapters (landed_table, table_name
        `adapter.table`). CSV is
        landed first (decoded, made canonical, ragged lines marked) in the
        format its folder's _format.yml declares; a Parquet file DuckDB
        cannot open is one quarantined row, the others are read. A missing
        column of `required` (default: all) is a file issue.
        With window_start and a Parquet `window_column` of type TIMESTAMP,
        only rows from the day before window_start on are read
        (raw_source). header_words, typing: see _raw_select. -#}
    {%- if not files[0].endswith('.parquet') -%}
        {{ return(_raw_landed(columns, files, table_name, format_json, required, header_words,
            typing)) }}
    {%- endif -%}
    {%- set issues = parquet_file_issues(files) -%}
    {%- set readable = files | reject('in', issues) | list -%}
    {%- if not readable -%}
        {{ return(_raw_file_issue_rows(columns, issues.values() | list, typing)) }}
    {%- endif -%}
    {%- set reader = "read_parquet(" ~ sql_string_list(readable) ~ ", union_by_name = true)" -%}
    {%- set present = [] -%}
    {%- set types = {} -%}
    {%- set filter = [] -%}
    {%- for row in run_query("describe select * from " ~ reader).rows -%}
        {%- do present.append(row[0]) -%}
        {%- do types.update({row[0]: row[1]}) -%}
        {%- if window_start is not none and row[0] == window_column
            and row[1] | upper == 'TIMESTAMP' -%}
            {%- do filter.append('"' ~ row[0] ~ '" >= cast(' ~ window_start
                ~ " as timestamp) - interval 1 day or \"" ~ row[0] ~ '" is null') -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set rows = _raw_select(columns, present, reader, filter[0] if filter else none, required,
        header_words, none if typing is none else dict(typing, types=types)) -%}
    {%- if issues -%}
        {{ return("(select * from " ~ rows ~ " as readable union all select * from "
            ~ _raw_file_issue_rows(columns, issues.values() | list, typing) ~ " as unreadable)") }}
    {%- endif -%}
    {{ return(rows) }}
{%- endmacro %}


{% macro _raw_file_issue_rows(columns, issues, typing=none) -%}
    {#- One row per file that could not be read: every column NULL and the
        issue as dq_file_issue, so the quarantine counts it; typed with
        `typing` (see _raw_select). -#}
    {%- if typing is not none -%}
        {{ return(raw_typed_rows(typing.table, _raw_file_issue_rows(columns, issues),
            {}, typing.masked)) }}
    {%- endif -%}
    (
        {%- for issue in issues %}
        select
            {%- for column in columns %}
            cast(null as {{ dbt.type_string() }}) as {{ column }},
            {%- endfor %}
            {{ sql_string(issue) }} as dq_file_issue
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %}
    )
{%- endmacro %}


{% macro _raw_landed(columns, files, table_name, format_json, required=none,
    header_words=false, typing=none) -%}
    {#- The rows of landed copies of CSV files (land_csv_export), read
        with the canonical dialect; a landed copy carries each line's own
        shape problem in its column dq_file_issue. -#}
    {%- set paths = [] -%}
    {%- for file in files -%}
        {%- do paths.append(land_csv_export(file, table_name, format_json).path) -%}
    {%- endfor -%}
    {{ return(_raw_from_landed(columns, paths, required, header_words, typing)) }}
{%- endmacro %}


{% macro _raw_from_landed(columns, paths, required=none, header_words=false, typing=none) -%}
    {#- The rows of landed copies (raw_source, and the raw seeds' load in
        raw_seed.sql): read with the canonical dialect, columns by name. -#}
    {%- set reader = landed_csv_reader(paths) -%}
    {%- set present = [] -%}
    {%- for row in run_query("describe select * from " ~ reader).rows -%}
        {%- do present.append(row[0]) -%}
    {%- endfor -%}
    {{ return(_raw_select(columns, present, reader, none, required, header_words, typing)) }}
{%- endmacro %}


{% macro _raw_select(columns, present, relation, where=none, required=none,
    header_words=false, typing=none, native=[]) -%}
    {#- `columns` read from `relation`, whose columns are `present` (matched
        case-insensitively), as text; NULL for an absent one. A column of
        `required` (default: all of them) that is absent is the rows'
        dq_file_issue, so they are quarantined with a clear rule.
        header_words (a source adapter's export with a header of words,
        `Lineitem sku`): a name matches as its lower-case words joined by
        `_` (`lineitem_sku`).
        typing (raw_source's contract tables): {table, masked, types: source
        column name -> its type}; the rows are then typed as the spec says
        (raw_typed_rows), and a column that already has its spec type is
        read as it is instead of as text (raw_native_columns, D101);
        `native` is how the untyped rows learn those columns. -#}
    {%- set by_name = {} -%}
    {%- for name in present -%}
        {%- set key = name.replace('\ufeff', '') | trim | lower -%}
        {%- if header_words -%}
            {%- set key = modules.re.sub('[^a-z0-9]+', '_', key).strip('_') -%}
        {%- endif -%}
        {%- do by_name.update({key: name}) -%}
    {%- endfor -%}
    {%- set missing = (columns if required is none else required)
        | reject('in', by_name) | list -%}
    {%- if typing is not none -%}
        {%- set source_types = {} -%}
        {%- for column in columns if column in by_name -%}
            {%- do source_types.update({column: typing.types.get(by_name[column])}) -%}
        {%- endfor -%}
        {%- set typed_columns = raw_native_columns(raw_table_spec(typing.table).columns,
            source_types) -%}
        {%- set untyped_rows = _raw_select(columns, present, relation, where, required,
            header_words, none, typed_columns) -%}
        {{ return(raw_typed_rows(typing.table, untyped_rows, typed_columns, typing.masked)) }}
    {%- endif -%}
    (
        select
        {%- for column in columns %}
            {% if column in native -%}
                {{ adapter.quote(by_name[column]) }}
            {%- elif column in by_name -%}
                cast({{ adapter.quote(by_name[column]) }} as {{ dbt.type_string() }})
            {%- else -%}
                cast(null as {{ dbt.type_string() }})
            {%- endif %} as {{ column }},
        {%- endfor %}
            {% if missing -%}
                'file: missing column {{ missing | join(", ") }}'
            {%- elif 'dq_file_issue' in by_name -%}
                {#- a landed line's own shape problem (ragged, unreadable) -#}
                nullif({{ adapter.quote(by_name['dq_file_issue']) }}, '')
            {%- else -%}
                cast(null as {{ dbt.type_string() }})
            {%- endif %} as dq_file_issue
        from {{ relation }}
        {%- if where %}
        where {{ where }}
        {%- endif %}
    )
{%- endmacro %}


{% macro _raw_empty(columns, typing=none) -%}
    {#- No rows, in the shape of `columns` as text, or typed with `typing`
        (see _raw_select). -#}
    {%- if typing is not none -%}
        {{ return(raw_typed_rows(typing.table, _raw_empty(columns), {}, typing.masked)) }}
    {%- endif -%}
    (
        select
        {%- for column in columns %}
            cast(null as {{ dbt.type_string() }}) as {{ column }},
        {%- endfor %}
            cast(null as {{ dbt.type_string() }}) as dq_file_issue
        where 1 = 0
    )
{%- endmacro %}


{% macro raw_files(path, table_name) -%}
    {#- The non-empty export files of one raw table in folder `path`, in name
        order: the first of `<table>.parquet`, `<table>.csv`, the parts
        `<table>/*.parquet`, the parts `<table>/*.csv` that exists. A folder
        of parts is how daily deliveries are appended. -#}
    {%- set base = path ~ '/' ~ table_name -%}
    {%- set patterns = [base ~ '.parquet', base ~ '.csv', base ~ '/*.parquet', base ~ '/*.csv'] -%}
    {%- for pattern in patterns -%}
        {%- set found = run_query(
            "select filename, size from read_blob(" ~ sql_string(pattern) ~ ") order by filename") -%}
        {%- if found.rows | length > 0 -%}
            {%- set files = [] -%}
            {%- for row in found.rows if row[1] > 0 -%}
                {%- do files.append(row[0]) -%}
            {%- endfor -%}
            {{ return(files) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return([]) }}
{%- endmacro %}
