{#- Incremental builds keyed by an entity instead of a date window: a run
    recomputes every row of the keys (e.g. sessions) that the run's new data
    can touch, found by a scope macro, wherever those rows are dated. For
    facts joined from several incremental parents whose late rows can
    belong to an old key (a product view or an order of an earlier
    session). The pre-hook deletes the keys' rows and the model inserts
    them again (strategy append), in one transaction, as incremental_by_date
    does for a window (D100). A full build computes all keys with the same
    SQL. -#}

{% macro incremental_by_keys(partition_column, key_column, scope_macro) -%}
    {#- The config of such a model:
        {{ config(**incremental_by_keys('session_date', 'session_id',
            'session_categories_in_scope')) }}
        partition_column: the model's date, whose latest value minus var
        incremental_lookback_days starts the window (as for
        incremental_by_date); scope_macro(window_start): the name of a macro
        that returns a query of the keys to recompute. The model restricts
        its rows to that same query. DuckDB only: elsewhere a table. -#}
    {%- if target.type != 'duckdb' -%}
        {{ return({'materialized': 'table'}) }}
    {%- endif -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'append',
        'on_schema_change': 'fail',
        'pre_hook': "{{ incremental_delete_keys('" ~ partition_column ~ "', '"
            ~ key_column ~ "', '" ~ scope_macro ~ "') }}",
    }) }}
{%- endmacro %}


{% macro incremental_delete_keys(partition_column, key_column, scope_macro) -%}
    {#- Pre-hook of incremental_by_keys: delete the rows of the keys the run
        inserts again. Nothing on a full build. -#}
    {%- set window_start = incremental_window_start(partition_column) -%}
    {%- if window_start is not none -%}
        delete from {{ this }}
        where {{ key_column }} in (
            {{ context[scope_macro](window_start) }}
        )
    {%- endif -%}
{%- endmacro %}
