{% materialization seed, adapter='duckdb' %}
    {#- A raw-table seed (tag `raw`) on DuckDB is loaded from its landed
        copy (land_csv_export, decision D68), not through dbt's agate table:
        agate stops `dbt seed` on a file that is not UTF-8 or has a line with
        more fields than the header, before any project code runs. Here such
        a file loads what it can, warns, and the base model (which reads the
        same landed copy) quarantines the rest. Every spec column is text;
        spec columns the file lacks are NULL (their rows are quarantined as
        `file: missing column`), extra columns are left out. A build that
        reads your own data (var raw_data_path, raw_schema or
        source_adapters) never reads these tables: the seed is then created
        with its columns and no rows, instead of loading the demo shop into
        your database on every run (D114). Other seeds keep dbt's own
        materialization. -#}
    {%- if 'raw' not in model.tags -%}
        {{ return(dbt.materialization_seed_default()) }}
    {%- endif -%}
    {%- set table_name = model.name[4:] -%}
    {%- set columns = raw_table_columns(table_name) -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set old_relation = adapter.get_relation(
        database=database, schema=schema, identifier=model['alias']) -%}
    {%- if old_relation is not none and old_relation.is_view -%}
        {{ exceptions.raise_compiler_error(
            "Cannot seed to '" ~ old_relation.render() ~ "', it is a view") }}
    {%- endif -%}
    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}
    {%- if reads_demo_seeds() -%}
        {%- set report = land_csv_export(
            model.root_path ~ '/' ~ model.original_file_path, table_name, '{}') -%}
        {%- set rows = _raw_from_landed(columns, [report.path]) -%}
    {%- else -%}
        {#- your own data: the seed's columns, no rows (D114) -#}
        {%- set report = {'issue': none} -%}
        {%- set rows = _raw_empty(columns) -%}
    {%- endif -%}
    {%- call statement('main') -%}
        create or replace table {{ target_relation }} as
        select {{ columns | join(', ') }}
        from {{ rows }} as landed
        {%- if report.issue %}
        where false
        {%- endif %}
    {%- endcall -%}
    {#- dbt's seed task reports the loaded table (`dbt seed --show`): a sample -#}
    {%- do store_result('agate_table', response='OK', agate_table=run_query(
        "select * from " ~ target_relation ~ " limit 100")) -%}
    {%- do persist_docs(target_relation, model) -%}
    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {{ adapter.commit() }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}

