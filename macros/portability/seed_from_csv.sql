{% macro spark__load_csv_rows(model, agate_table) -%}
    {#- Spark: load a seed with Spark's own CSV reader in one statement.
        dbt-spark's default inserts the rows as bound literals in batches,
        which took 185 s for the 120,000 demo sessions; this takes seconds.
        Columns are cast to the seed's column_types (text for raw tables)
        as dbt-spark's table was created with them. Only on a local master
        (`local[*]`, the session target): a cluster's executors cannot read
        a file on the dbt machine, so there dbt-spark's inserts are kept. -#}
    {%- if not (target.host | string).startswith('local') -%}
        {{ return(dbt.spark__load_csv_rows(model, agate_table)) }}
    {%- endif -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set csv_view = this.identifier ~ '__csv' -%}
    {%- set path = model.root_path ~ '/' ~ model.original_file_path -%}
    {%- call statement('seed_csv_view') -%}
        create or replace temporary view {{ csv_view }}
        using csv
        options (
            path '{{ path }}', header 'true', multiLine 'true',
            quote '"', escape '"', mode 'FAILFAST'
        )
    {%- endcall -%}
    {%- set sql -%}
        insert into {{ this.render() }}
        select
        {%- for column_name in agate_table.column_names %}
            cast({{ adapter.quote(column_name) }} as
                {{ column_override.get(column_name, adapter.convert_type(agate_table, loop.index0)) }})
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
        from {{ csv_view }}
    {%- endset -%}
    {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
    {{ return(sql) }}
{%- endmacro %}


{% macro duckdb__load_csv_rows(model, agate_table) -%}
    {#- DuckDB: dbt-duckdb's fast COPY, with the CSV dialect stated instead
        of sniffed. Seeds are RFC 4180 (quote and escape `"`); sniffed from
        the first rows, a file whose first 20,480 rows quote nothing got no
        escape character, and a later `""` inside a quoted field failed
        the seed. -#}
    {%- set sql -%}
        copy {{ this.render() }} from '{{ adapter.get_seed_file_path(model) }}'
        (format csv, header true, delimiter ',', quote '"', escape '"')
    {%- endset -%}
    {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
    {{ return(sql) }}
{%- endmacro %}
