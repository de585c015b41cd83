-- The local date of to_local_date (on DuckDB a search over the reporting
-- time zone's transitions, D103) beside ICU's own, for every hour from
-- 1989-12-31 to 2061-01-01 at 37 min 30 s past (between any two quarter
-- hours, and beyond the range where ICU answers anyway), at each
-- transition and the microsecond before it, and at the instants of
-- tests/python/test_local_dates.py's hand-computed examples. That test
-- compiles it per zone and runs it on DuckDB.
{%- set known = utc_offset_transitions() %}
{%- set by_hand = [
    '2025-06-01 18:14:59', '2025-06-01 18:15:00', '2025-04-05 13:15:00',
    '2025-04-12 13:15:00', '2025-01-15 10:14:59', '2025-01-15 10:15:00',
    '2025-01-15 02:30:00', '2018-01-15 02:30:00', '2013-01-15 20:30:00',
    '2015-01-15 20:30:00', '2005-10-30 02:30:00', '2005-10-30 02:35:00',
] %}
{%- set transitions = [] %}
{%- for transition in (known.transitions if known else []) %}
    {%- do transitions.append(transition[0] | string) %}
{%- endfor %}

with

hours as (

    select series.instant
    from generate_series(
        timestamp '1989-12-31 00:37:30',
        timestamp '2061-01-01 00:00:00',
        interval 1 hour
    ) as series (instant)

),

hand_picked as (

    select cast(listed.instant as timestamp) as instant
    from (
        values
        {%- for instant in by_hand %}
            ('{{ instant }}'){{ ',' if not loop.last }}
        {%- endfor %}
    ) as listed (instant)

),

transitions as (

    select cast(listed.instant as timestamp) as instant
    -- a zone without transitions checks a hand-picked instant again here
    from (
        values
        {%- for instant in transitions or by_hand[:1] %}
            ('{{ instant }}'){{ ',' if not loop.last }}
        {%- endfor %}
    ) as listed (instant)

),

instants as (

    select hours.instant from hours
    union all
    select hand_picked.instant from hand_picked
    union all
    select transitions.instant from transitions
    union all
    select transitions.instant - interval 1 microsecond as instant
    from transitions

)

select
    instants.instant,
    {{ to_local_date('instants.instant') }} as local_date,
    {{ default__to_local_date('instants.instant') }} as icu_local_date
from instants
