-- The local date of to_local_date (on DuckDB a search over the reporting
-- time zone's transitions, D103) beside ICU's own, for every hour from
-- 1989-12-31 to 2061-01-01 at 37 min 30 s past (between any two quarter
-- hours, and beyond the range where ICU answers anyway), at each
-- transition and the microsecond before it, and at a few instants of
-- tests/python/test_local_dates.py's hand-computed examples. That test
-- compiles it per zone and runs it on DuckDB.
{%- set known = utc_offset_transitions() %}

with

hours as (

    select series.instant
    from generate_series(
        timestamp '1989-12-31 00:37:30',
        timestamp '2061-01-01 00:00:00',
        interval 1 hour
    ) as series (instant)

),

chosen as (

    select cast(instant as timestamp) as instant
    from (
        values
        ('2025-06-01 18:14:59'),
        ('2025-06-01 18:15:00'),
        ('2025-04-05 13:15:00'),
        ('2025-04-12 13:15:00'),
        ('2025-01-15 10:14:59'),
        ('2025-01-15 10:15:00'),
        ('2025-01-15 02:30:00'),
        ('2018-01-15 02:30:00'),
        ('2013-01-15 20:30:00'),
        ('2015-01-15 20:30:00'),
        ('2005-10-30 02:30:00'),
        ('2005-10-30 02:35:00')
    ) as hand (instant)
    {%- for transition in (known.transitions if known else []) %}
    union all
    select timestamp '{{ transition[0] }}'
    union all
    select timestamp '{{ transition[0] }}' - interval 1 microsecond
    {%- endfor %}

),

instants as (

    select instant from hours
    union all
    select instant from chosen

)

select
    instant,
    {{ to_local_date('instant') }} as local_date,
    {{ default__to_local_date('instant') }} as icu_local_date
from instants
