{% test raw_rows_loaded(model, source_table) %}
{#- Every raw row of `source_table` is in its base model exactly once, sound
    or quarantined. An incremental run rebuilds only its lookback window
    (var incremental_lookback_days): rows that arrive for older dates, or rows
    removed from the export since the last full build, make the counts
    differ. Then the build stops instead of losing rows silently; the fix is
    `dbt build --full-refresh` (or a longer lookback). On Parquet the raw
    count comes from the file footers, so the check is cheap at any size. -#}
{#- (on `dbt compile` or `docs generate` before the first build the table
    does not exist yet: nothing to count) -#}
{%- if execute and load_relation(model) is not none -%}
    {%- set counts = run_query(
        "select (select count(*) from " ~ raw_source(source_table) ~ " as raw), "
        ~ "(select count(*) from " ~ model ~ ")") -%}
    {%- set raw_rows = counts.rows[0][0] -%}
    {%- set loaded_rows = counts.rows[0][1] -%}
    {%- if raw_rows != loaded_rows -%}
        {{ exceptions.raise_compiler_error(
            "Raw table '" ~ source_table ~ "' has " ~ raw_rows ~ " rows but "
            ~ loaded_rows ~ " are loaded in " ~ model.identifier ~ ": rows arrived for "
            ~ "dates before the incremental lookback window (var "
            ~ "incremental_lookback_days) or were removed from the export. "
            ~ "Run `dbt build --full-refresh` to rebuild from all raw rows.") }}
    {%- endif -%}
{%- endif %}

with

raw as (

    select count(*) as raw_rows
    from {{ raw_source(source_table) }}

),

loaded as (

    select count(*) as loaded_rows
    from {{ model }}

)

select
    raw.raw_rows,
    loaded.loaded_rows,
    'raw table {{ source_table }} has ' || raw.raw_rows || ' rows but '
    || loaded.loaded_rows || ' are loaded: rows arrived for dates before the '
    || 'incremental lookback window or were removed from the export; run '
    || 'dbt build --full-refresh' as fix
from raw
cross join loaded
where raw.raw_rows != loaded.loaded_rows

{% endtest %}
