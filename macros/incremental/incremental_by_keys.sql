{#- Incremental builds keyed by an entity instead of a date window: a run
    recomputes every row of the keys (e.g. sessions) that the run's new data
    can touch, found by a scope macro, wherever those rows are dated. For
    facts joined from several incremental parents whose late rows can
    belong to an old key (a product view or an order of an earlier
    session). The pre-hook finds the keys once, into a temporary table
    (incremental_scope_table), deletes their rows, and the model inserts
    them again from the same keys (strategy append), in one transaction, as
    incremental_by_date does for a window (D100). A full build computes all
    keys with the same SQL. -#}

{% macro incremental_by_keys(partition_column, key_column, scope_macro) -%}
    {#- The config of such a model:
        {{ config(**incremental_by_keys('session_date', 'session_id',
            'session_categories_in_scope')) }}
        partition_column: the model's date, whose latest value minus var
        incremental_lookback_days starts the window (as for
        incremental_by_date); scope_macro(window_start): the name of a macro
        that returns a query of the keys to recompute. On an incremental
        run the model restricts its rows to the keys of
        incremental_scope_table(). DuckDB only: elsewhere a table. -#}
    {%- if target.type != 'duckdb' -%}
        {{ return({'materialized': 'table'}) }}
    {%- endif -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'append',
        'on_schema_change': 'fail',
        'pre_hook': [
            "{{ incremental_keep_scope('" ~ partition_column ~ "', '"
                ~ scope_macro ~ "') }}",
            "{{ incremental_delete_keys('" ~ partition_column ~ "', '"
                ~ key_column ~ "') }}",
        ],
        'post_hook': "drop table if exists {{ incremental_scope_table() }}",
    }) }}
{%- endmacro %}


{% macro incremental_scope_table() -%}
    {#- The temporary table of the keys an incremental run of this model
        recomputes (incremental_keep_scope). A table, not a subquery: its
        row count is known, so DuckDB builds the hash of a semi-join on
        these keys and not on the large side (D108: at L the model's product
        views were hashed whole, 40 s). Temporary tables live on the
        model's connection, which runs its hooks and its SQL. -#}
    {{ return('temp.main.' ~ this.identifier ~ '__in_scope') }}
{%- endmacro %}


{% macro incremental_keep_scope(partition_column, scope_macro) -%}
    {#- First pre-hook of incremental_by_keys: the keys to recompute,
        scope_macro(window_start), into incremental_scope_table(). Nothing
        on a full build. -#}
    {%- set window_start = incremental_window_start(partition_column) -%}
    {%- if window_start is not none -%}
        create or replace temporary table {{ incremental_scope_table() }} as
        {{ context[scope_macro](window_start) }}
    {%- endif -%}
{%- endmacro %}


{% macro incremental_delete_keys(partition_column, key_column) -%}
    {#- Second pre-hook of incremental_by_keys: delete the rows of the keys
        the run inserts again, and record them for the data tests
        (data_test_window.sql). Nothing on a full build. -#}
    {%- set window_start = incremental_window_start(partition_column) -%}
    {%- if window_start is not none -%}
        delete from {{ this }}
        where {{ key_column }} in (
            select in_scope.{{ key_column }}
            from {{ incremental_scope_table() }} as in_scope
        );
        {#- the keys, kept for the data tests of this build (D113) -#}
        create or replace table {{ incremental_logged_scope_table() }} as
        select * from {{ incremental_scope_table() }};
        {{ log_incremental_window(key_column, window_start, incremental_logged_scope_table()) }}
    {%- endif -%}
{%- endmacro %}
