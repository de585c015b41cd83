{#- Incremental builds of the large facts (sessions, orders, order lines,
    product views) and the daily marts on them. Every incremental model is partitioned by a
    local date column. A run recomputes a window: the dates from the latest
    date already in the table minus var incremental_lookback_days (late rows
    of those days are picked up), plus rows without a date (unparsable
    timestamps, which are quarantined). The pre-hook deletes the window from
    the table and the model inserts it again (strategy append), in one
    transaction. A full build (first run, --full-refresh) computes all dates
    with the same SQL, so both paths give the same table. -#}

{% macro incremental_lookback_days() -%}
    {#- var incremental_lookback_days, validated: a whole number of days >= 0
        (default 3). -#}
    {%- set value = var('incremental_lookback_days', 3) | string | trim -%}
    {%- if not modules.re.match('^[0-9]+$', value) -%}
        {{ exceptions.raise_compiler_error(
            "var incremental_lookback_days must be a whole number of days >= 0, got: "
            ~ value) }}
    {%- endif -%}
    {{ return(value | int) }}
{%- endmacro %}


{% macro incremental_window_start(
    partition_column, recheck_parent=none, reach_back=none, recheck_references=none
) -%}
    {#- The first local date this run recomputes, as a SQL date literal, or
        none on a full build. An empty table recomputes everything. Unit
        tests build from their given rows: always a full build.
        recheck_parent (a child of an incremental base model, e.g. product
        views of sessions): {'column': 'session_id', 'parent':
        'base_web_analytics__sessions', 'table': 'sessions'}. A child row
        dated before the window whose parent may have changed in this run
        is judged again: the window then starts at the earliest such row's
        date (see _incremental_recheck, D98). A view dated before its
        session, whose session arrives later, would otherwise keep "not
        found" where a full build passes it.
        reach_back: the name of a macro that, given the window start,
        returns a query of one date column: the dates whose rows this run
        must compute again although they lie before the window (e.g. the
        session dates of late orders, D105). The window then starts at the
        earliest of them.
        recheck_references (a child of parents rebuilt whole, e.g. e-mail
        events of customers): the list of its references that the model
        passes to dq_reference_rules. A child row dated before the window
        whose verdict on them changed is judged again: the window starts at
        its date (changed_reference_dates, D118). -#}
    {%- set lookback = incremental_lookback_days() -%}
    {%- if model is mapping and model.get('resource_type') == 'unit_test' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if not execute -%}
        {{ return("date '1900-01-01'") }}
    {%- endif -%}
    {%- set present = adapter.get_columns_in_relation(this) | map(attribute='name')
        | map('lower') | list -%}
    {%- if partition_column | lower not in present -%}
        {{ exceptions.raise_compiler_error(
            this ~ " has no column " ~ partition_column ~ ": it was built before "
            ~ "the model became incremental by that date. Rebuild it once with "
            ~ "`dbt build --full-refresh --select " ~ model.name ~ "+`.") }}
    {%- endif -%}
    {%- set result = run_query(
        "select cast(max(" ~ partition_column ~ ") - "
        ~ lookback ~ " as " ~ dbt.type_string() ~ ") from " ~ this) -%}
    {%- set value = result.columns[0].values()[0] -%}
    {%- if value is none -%}
        {{ return("date '1900-01-01'") }}
    {%- endif -%}
    {%- set start = "date '" ~ value ~ "'" -%}
    {%- if reach_back is not none -%}
        {%- set reached = run_query(
            "select cast(min(reached.reached_date) as " ~ dbt.type_string() ~ ")"
            ~ " from (" ~ context[reach_back](start) ~ ") as reached (reached_date)"
            ~ " where reached.reached_date < " ~ start) -%}
        {%- set earliest_reached = reached.columns[0].values()[0] -%}
        {%- if earliest_reached is not none -%}
            {%- set start = "date '" ~ earliest_reached ~ "'" -%}
        {%- endif -%}
    {%- endif -%}
    {%- set rechecks = [] -%}
    {%- if recheck_parent is not none -%}
        {%- do rechecks.append(
            "select held." ~ partition_column ~ " from " ~ this ~ " as held"
            ~ " where held." ~ partition_column ~ " < " ~ start
            ~ " and " ~ _incremental_recheck(recheck_parent, start, 'held')) -%}
    {%- endif -%}
    {%- if recheck_references is not none -%}
        {%- do rechecks.append("select * from (" ~ changed_reference_dates(
            recheck_references, start) ~ ") as changed_references") -%}
    {%- endif -%}
    {%- if not rechecks -%}
        {{ return(start) }}
    {%- endif -%}
    {%- set held = run_query(
        "select cast(min(rechecked.held_date) as " ~ dbt.type_string() ~ ")"
        ~ " from (" ~ rechecks | join(" union all ") ~ ") as rechecked (held_date)") -%}
    {%- set earliest = held.columns[0].values()[0] -%}
    {%- if earliest is none -%}
        {{ return(start) }}
    {%- endif -%}
    {{ return("date '" ~ earliest ~ "'") }}
{%- endmacro %}


{% macro _incremental_recheck(recheck_parent, window_start, alias) -%}
    {#- The condition on a child row (table alias `alias`, dated before the
        window) whose verdict on its parent may have changed in this run:
        - the parent key has a row dated from the day before window_start
          on. The parent's run rewrote its own window, which starts at most
          a day before the child's when both are delivered together (a view
          can fall on the day after its session's start). If the parent's
          latest date lags further, the data tests on the child catch a
          stale verdict (D98);
        - or the child is held as "not found" and the key now has a parent
          row without a date (always quarantined): the verdict becomes
          "row quarantined". Other children of such rows keep their verdict,
          so they do not widen every run's window. -#}
    {%- set column = recheck_parent['column'] -%}
    {%- set parent = ref(recheck_parent['parent']) -%}
    (
        {{ alias }}.{{ column }} in (
            select parent_rows.{{ column }}
            from {{ parent }} as parent_rows
            where parent_rows.dq_partition_date >= {{ window_start }} - 1
        )
        or (
            {{ alias }}.dq_rule
            = {{ dq_not_found_rule(column, recheck_parent['table']) }}
            and {{ alias }}.{{ column }} in (
                select parent_rows.{{ column }}
                from {{ parent }} as parent_rows
                where parent_rows.dq_partition_date is null
            )
        )
    )
{%- endmacro %}


{% macro incremental_window(partition_expression, window_start) -%}
    {#- WHERE condition of the rows in the window: all rows on a full build
        (window_start none), else the dates from window_start on and the
        rows without a date. -#}
    {%- if window_start is none -%}
        1 = 1
    {%- else -%}
        ({{ partition_expression }} >= {{ window_start }} or {{ partition_expression }} is null)
    {%- endif -%}
{%- endmacro %}


{% macro incremental_delete_window(
    partition_column, recheck_parent=none, reach_back=none, recheck_references=none
) -%}
    {#- Pre-hook of an incremental model: delete the window the run inserts
        again, and record it for the data tests (data_test_window.sql).
        Nothing on a full build. -#}
    {%- set window_start = incremental_window_start(
        partition_column, recheck_parent, reach_back, recheck_references
    ) -%}
    {%- if window_start is not none -%}
        delete from {{ this }}
        where {{ incremental_window(partition_column, window_start) }};
        {{ log_incremental_window(partition_column, window_start) }}
    {%- endif -%}
{%- endmacro %}


{% macro incremental_by_date(
    partition_column, recheck_parent=none, reach_back=none, recheck_references=none
) -%}
    {#- The config of an incremental model partitioned by `partition_column`:
        {{ config(**incremental_by_date('date_day')) }}
        recheck_parent, reach_back, recheck_references: see
        incremental_window_start; the model passes the same values there.
        Only on DuckDB: on other engines (Spark) the model is a table, built
        whole on every run, since deleting the window needs a table format
        with DELETE (Delta, Iceberg) that plain Parquet tables lack. -#}
    {%- if target.type != 'duckdb' -%}
        {{ return({'materialized': 'table'}) }}
    {%- endif -%}
    {#- the hook is rendered at run time: the arguments as JSON, which Jinja
        reads as dicts, lists and strings -#}
    {%- set arguments = ["'" ~ partition_column ~ "'"] -%}
    {%- for name, value in [
        ('recheck_parent', recheck_parent),
        ('reach_back', reach_back),
        ('recheck_references', recheck_references)] -%}
        {%- if value is not none -%}
            {%- do arguments.append(name ~ '=' ~ (value | tojson)) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'append',
        'on_schema_change': 'fail',
        'pre_hook': "{{ incremental_delete_window(" ~ arguments | join(', ') ~ ") }}",
    }) }}
{%- endmacro %}


{% macro dq_settled(relation, key_column, window_start) -%}
    {#- The rows of `relation` (a CTE of dq_deduplicate's ranked rows). On an
        incremental run, a row whose key the table already holds as the copy
        kept on a date before the window (dq_settled_keys) is a later copy:
        its dq_duplicate_rule is set, as a full build would set it. On a
        full build, `relation` as it is. DuckDB only (`* replace`): only
        DuckDB builds incrementally. -#}
    {%- if window_start is none -%}
        {{ relation }}
    {%- else -%}
    (
        select
            {{ relation }}.* replace (
                coalesce(
                    {{ relation }}.dq_duplicate_rule,
                    case
                        when dq_settled_keys.{{ key_column }} is not null
                            then '{{ key_column }}: duplicate'
                    end
                ) as dq_duplicate_rule
            )
        from {{ relation }}
        left join (
            {{ dq_settled_keys(key_column, window_start, relation) }}
        ) as dq_settled_keys
            on {{ relation }}.{{ key_column }} = dq_settled_keys.{{ key_column }}
    )
    {%- endif -%}
{%- endmacro %}


{% macro dq_settled_keys(key_column, window_start, batch) -%}
    {#- The query of dq_settled: the keys of this run's rows (`batch`) of
        which the table holds, on a date before the window,
        the copy that was kept: no row rule and not itself a duplicate.
        dq_deduplicate ranks valid copies first, then by the table's order;
        for sessions, product views and orders that is the timestamp their
        date comes from, so the earlier copy ranks first and a row of the
        window with such a key is a duplicate, as a full build decides.
        Whether the kept copy's references passed plays no part in the
        ranking, so it is not asked here either (D98). -#}
    select distinct {{ key_column }}
    from {{ this }}
    where
        dq_row_rule is null
        and dq_duplicate_rule is null
        and dq_partition_date < {{ window_start }}
        and {{ key_column }} in (select {{ batch }}.{{ key_column }} from {{ batch }})
{%- endmacro %}


{% macro incremental_only(condition, window_start) -%}
    {#- `condition` on an incremental run (window_start set), else true: for
        the semi-joins that restrict an incremental run to the window's
        keys. -#}
    {%- if window_start is none -%}
        1 = 1
    {%- else -%}
        {{ condition }}
    {%- endif -%}
{%- endmacro %}
