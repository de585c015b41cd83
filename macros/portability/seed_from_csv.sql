{% macro create_csv_table(model, agate_table) -%}
    {#- dbt's own create_csv_table (whichever the adapter has), given the
        seed node with the column types of a raw table filled in from its
        spec (raw_seed_node), so that no YAML lists them per column. -#}
    {{ return(adapter.dispatch('create_csv_table', 'dbt')(
        raw_seed_node(model, agate_table), agate_table)) }}
{%- endmacro %}


{% macro raw_seed_node(model, agate_table) -%}
    {#- A raw-table seed (tag `raw`, spec seeds/raw/raw_<table>.yml, decision
        D49) loads every column as text: staging casts it safely, so a
        malformed value becomes a quarantined row instead of a failed seed.
        Returns a copy of the seed node whose config.column_types maps every
        column to the text type; other seeds are returned as they are.
        The CSV header must hold the spec's columns, no more, no fewer. -#}
    {%- if 'raw' not in model.get('tags', []) -%}
        {{ return(model) }}
    {%- endif -%}
    {%- set spec = model.get('columns', {}).keys() | list -%}
    {%- set header = agate_table.column_names | map('string') | list -%}
    {%- set extra = header | reject('in', spec) | list -%}
    {%- set missing = spec | reject('in', header) | list -%}
    {%- if extra or missing -%}
        {{ exceptions.raise_compiler_error(
            "seed " ~ model.name ~ ": the CSV header differs from the spec "
            ~ (model.get('patch_path') or '').split('://')[-1] ~ " (columns not in the spec: "
            ~ (extra | join(', ') or 'none') ~ "; spec columns not in the CSV: "
            ~ (missing | join(', ') or 'none') ~ ")") }}
    {%- endif -%}
    {%- set column_types = {} -%}
    {%- for column in spec -%}
        {%- do column_types.update({column: dbt.type_string()}) -%}
    {%- endfor -%}
    {%- set typed = dict(model) -%}
    {%- do typed.update({'config': dict(model.config, column_types=column_types)}) -%}
    {{ return(typed) }}
{%- endmacro %}


{% macro spark__load_csv_rows(model, agate_table) -%}
    {#- Spark: load a seed with Spark's own CSV reader in one statement.
        dbt-spark's default inserts the rows as bound literals in batches,
        which took 185 s for the 120,000 demo sessions; this takes seconds.
        Columns are cast to the seed's column types (text for raw tables,
        see raw_seed_node) as dbt-spark's table was created with them. Only on a local master
        (`local[*]`, the session target): a cluster's executors cannot read
        a file on the dbt machine, so there dbt-spark's inserts are kept. -#}
    {%- set model = raw_seed_node(model, agate_table) -%}
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
