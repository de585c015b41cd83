{% test raw_rows_loaded(model, source_table) %}
{#- Every raw row of `source_table` is in its base model exactly once, sound
    or quarantined. An incremental run rebuilds only its lookback window
    (var incremental_lookback_days): rows that arrive for older dates, or rows
    removed from the export since the last full build, make the counts
    differ. Then this test returns one row, the build stops (everything
    downstream is skipped) instead of losing rows silently, and the row's
    `fix` column names the cure: `dbt build --full-refresh` (or a longer
    lookback). On Parquet the raw count comes from the file footers, so the
    check is cheap at any size. -#}

-- Fails when raw rows and loaded rows differ: rows arrived for dates before
-- the incremental lookback window or were removed from the export.
-- Fix: run `dbt build --full-refresh` to rebuild from all raw rows.
with

raw as (

    select count(*) as raw_rows
    from {{ raw_source(source_table) }} as raw_table

),

loaded as (

    select count(*) as loaded_rows
    from {{ model }}

)

select
    raw.raw_rows,
    loaded.loaded_rows,
    'raw table {{ source_table }}: rows arrived for dates before the '
    || 'incremental lookback window or were removed from the export; run '
    || 'dbt build --full-refresh' as fix
from raw
cross join loaded
where raw.raw_rows != loaded.loaded_rows

{% endtest %}
