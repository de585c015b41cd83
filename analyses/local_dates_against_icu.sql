-- The local date of to_local_date (on DuckDB a search over the reporting
-- time zone's transitions, D103) beside ICU's own, for every hour from
-- 1989-12-31 to 2061-01-01 at 37 min 30 s past (between any two quarter
-- hours, and beyond the range where ICU answers anyway), at each
-- transition and the microsecond before it, and at the UTC instants of
-- var local_dates_instants ('YYYY-MM-DD HH:MM:SS'). That test compiles it
-- per zone, with the instants of its hand-computed examples, and runs it on
-- DuckDB.
{%- set known = utc_offset_transitions() %}
{%- set by_hand = var('local_dates_instants', []) %}
{%- for instant in by_hand %}
    {%- if not modules.re.fullmatch(
        '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}', instant | string
    ) %}
        {{ exceptions.raise_compiler_error(
            "var local_dates_instants: 'YYYY-MM-DD HH:MM:SS' instants, got " ~ instant) }}
    {%- endif %}
{%- endfor %}
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
    -- without instants, the first hour is checked again here
    from (
        values
        {%- for instant in by_hand or ['1989-12-31 00:37:30'] %}
            ('{{ instant }}'){{ ',' if not loop.last }}
        {%- endfor %}
    ) as listed (instant)

),

transitions as (

    select cast(listed.instant as timestamp) as instant
    -- a zone without transitions checks the first hour again here
    from (
        values
        {%- for instant in transitions or ['1989-12-31 00:37:30'] %}
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
