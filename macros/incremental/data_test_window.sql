{#- Data tests of an incremental build check what the build changed (D113).
    An incremental model's pre-hook rewrites one window: the dates from a
    start on, and the rows without a date. It records that window in the
    table dq_incremental_windows, under the dbt invocation. A data test
    that runs in the same invocation (`dbt build`) then reads only the
    window's rows, where that gives the same verdict as the whole table:
    - tests of one row at a time (row_rules, conforms_to_raw_spec, dbt's
      not_null and accepted_values): the rows outside the window were not
      rewritten;
    - uniqueness: every row whose key occurs in the window, so that a key
      repeated across the window's edge is still found;
    - relationships: the window's rows, and the older rows whose parent key
      the parent's run rewrote (only such a key can have gone).
    A model incremental by keys (incremental_by_keys) logs the table of the
    keys it rewrote instead of a date: its window is the rows of those keys.
    Every other test (reconciliations, singular tests) and every test in an
    invocation that did not rewrite its model's window (`dbt test` alone, a
    full build) reads the whole table. var data_tests_scope: 'changed' (the
    default) or 'all' (never narrowed). -#}

{% macro incremental_windows_table() -%}
    {{ return(api.Relation.create(
        database=target.database, schema=target.schema,
        identifier='dq_incremental_windows')) }}
{%- endmacro %}


{% macro create_incremental_windows_table() -%}
    {#- on-run-start: the windows' log exists before any test reads it.
        scope_table: set for a model incremental by keys (below). DuckDB
        only: only DuckDB builds incrementally. -#}
    {%- if target.type == 'duckdb' -%}
        create table if not exists {{ incremental_windows_table() }} (
            invocation_id varchar not null,
            model_name varchar not null,
            window_column varchar not null,
            window_start date not null,
            logged_at timestamp not null,
            scope_table varchar
        )
    {%- endif -%}
{%- endmacro %}


{% macro log_incremental_window(window_column, window_start, scope_table=none) -%}
    {#- The statement that records this run's window (part of the pre-hook,
        after the delete). A model incremental by keys (incremental_by_keys)
        rewrites the rows of the keys in scope_table instead, whose key
        column is then window_column. -#}
    insert into {{ incremental_windows_table() }} (
        invocation_id, model_name, window_column, window_start, logged_at, scope_table
    )
    values (
        '{{ invocation_id }}',
        '{{ model.name }}',
        '{{ window_column }}',
        {{ window_start }},
        current_timestamp,
        {{ "'" ~ scope_table ~ "'" if scope_table is not none else 'null' }}
    )
{%- endmacro %}


{% macro incremental_logged_scope_table() -%}
    {#- The keys that the latest run of a model incremental by keys
        rewrote, kept for its data tests (the model's own scope table is
        temporary: D108). -#}
    {{ return(api.Relation.create(
        database=target.database, schema=target.schema,
        identifier='dq_incremental_scope__' ~ this.identifier)) }}
{%- endmacro %}


{% macro data_test_scope() -%}
    {#- var data_tests_scope, validated: 'changed' (default) or 'all'. -#}
    {%- set scope = var('data_tests_scope', 'changed') | string | trim -%}
    {%- if scope not in ['changed', 'all'] -%}
        {{ exceptions.raise_compiler_error(
            "var data_tests_scope must be 'changed' or 'all', got: " ~ scope) }}
    {%- endif -%}
    {{ return(scope) }}
{%- endmacro %}


{% macro data_test_window(model_name) -%}
    {#- The window that this invocation rewrote in the model `model_name`,
        or none: {'column': its date column in that model, 'start': a SQL
        date, 'logged_relation' and 'logged_column': the incremental model
        that rewrote it and its partition column}. A view over an
        incremental model names it in its meta: data_test_window: {model:
        <incremental model>, column: <its date column in the view>}. -#}
    {%- if not execute or target.type != 'duckdb' -%}
        {{ return(none) }}
    {%- endif -%}
    {#- only a `dbt build` both rewrites a window and tests it -#}
    {%- if data_test_scope() == 'all' or flags.WHICH != 'build' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set node = _model_node(model_name) -%}
    {%- if node is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set declared = node.config.meta.get('data_test_window') -%}
    {%- set logged_model = declared['model'] if declared else model_name -%}
    {%- set logged = run_query(
        "select window_column, cast(window_start as " ~ dbt.type_string() ~ "), scope_table"
        ~ " from " ~ incremental_windows_table()
        ~ " where invocation_id = '" ~ invocation_id ~ "'"
        ~ " and model_name = '" ~ logged_model ~ "'"
        ~ " order by window_start limit 1") -%}
    {%- if logged.rows | length == 0 -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return({
        'column': declared['column'] if declared else logged.rows[0][0],
        'start': "date '" ~ logged.rows[0][1] ~ "'",
        'scope_table': logged.rows[0][2],
        'logged_relation': _model_node(logged_model).relation_name,
        'logged_column': logged.rows[0][0],
    }) }}
{%- endmacro %}


{% macro _model_node(model_name) -%}
    {#- The graph node of the model `model_name`, or none (a seed). -#}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and node.name == model_name -%}
            {{ return(node) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(none) }}
{%- endmacro %}


{% macro _in_window(window, alias, column=none) -%}
    {#- The condition on a row (table alias `alias`) of the window
        data_test_window returned: its date from the start on (or no date),
        or, for a model incremental by keys, its key among the run's keys.
        column: the window's column under another name (the logged model's
        own, for a parent of a relationship). -#}
    {%- set column = column or window.column -%}
    {%- if window.scope_table -%}
        {{ alias }}.{{ column }} in (select scoped.{{ column }} from {{ window.scope_table }} as scoped)
    {%- else -%}
        {{ incremental_window(alias ~ '.' ~ column, window.start) }}
    {%- endif -%}
{%- endmacro %}


{% macro get_where_subquery(relation) -%}
    {#- dbt's hook for the `model` argument of a generic test: its `where`
        config as dbt has it, then this invocation's window (see above). -#}
    {%- set where = config.get('where', '') -%}
    {%- set tested = relation -%}
    {%- if where -%}
        {%- set tested = '(select * from ' ~ relation ~ ' where ' ~ where ~ ')' -%}
    {%- endif -%}
    {%- set narrowed = _narrowed_to_window(tested, relation.identifier) -%}
    {%- if narrowed is not none -%}
        {{ return(narrowed ~ ' as dbt_subquery') }}
    {%- elif where -%}
        {{ return(tested ~ ' as dbt_subquery') }}
    {%- else -%}
        {{ return(relation) }}
    {%- endif -%}
{%- endmacro %}


{% macro _narrowed_to_window(tested, model_name) -%}
    {#- The rows of `tested` that the test (the node being compiled) must
        read in this invocation, as a subquery, or none for all. -#}
    {%- set test = model.get('test_metadata') or {} -%}
    {%- set kwargs = test.get('kwargs', {}) -%}
    {%- set row_tests = ['row_rules', 'conforms_to_raw_spec', 'not_null', 'accepted_values'] -%}
    {%- set key_tests = ['unique', 'unique_combination_of_columns', 'relationships'] -%}
    {%- if test.get('name') not in row_tests + key_tests -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set window = data_test_window(model_name) -%}
    {%- if window is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if test.name in row_tests -%}
        {{ return('(select * from ' ~ tested ~ ' as tested where '
            ~ _in_window(window, 'tested') ~ ')') }}
    {%- elif test.name == 'relationships' -%}
        {#- the window's children, and the older children of a parent key
            that the parent's run rewrote (only such a key can have gone) -#}
        {%- set parent_name = modules.re.search(
            "ref\\(\\s*['\"]([^'\"]+)['\"]", kwargs.get('to', '')) -%}
        {%- set parent = data_test_window(parent_name.group(1))
            if parent_name else none -%}
        {%- if parent is none or parent.logged_relation is none -%}
            {{ return(none) }}
        {%- endif -%}
        {{ return('(select * from ' ~ tested ~ ' as tested where '
            ~ _in_window(window, 'tested')
            ~ ' or tested.' ~ kwargs['column_name'] ~ ' in (select rewritten.' ~ kwargs['field']
            ~ ' from ' ~ parent.logged_relation ~ ' as rewritten where '
            ~ _in_window(parent, 'rewritten', parent.logged_column) ~ '))') }}
    {%- else -%}
        {#- every row whose key occurs in the window, NULL keys as equal
            (both tests group them together); a semi join, not a correlated
            `exists` (which DuckDB plans as a grouping of every key) -#}
        {%- set keys = [kwargs['column_name']] if test.name == 'unique'
            else kwargs['combination_of_columns'] -%}
        {{ return('(select tested.* from ' ~ tested ~ ' as tested semi join (select '
            ~ keys | join(', ') ~ ' from ' ~ tested ~ ' as windowed where '
            ~ _in_window(window, 'windowed')
            ~ ') as windowed on ' ~ _keys_match(keys) ~ ')') }}
    {%- endif -%}
{%- endmacro %}


{% macro _keys_match(keys) -%}
    {%- for key in keys -%}
        windowed.{{ key }} is not distinct from tested.{{ key }}
        {{- ' and ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
