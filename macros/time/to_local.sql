{% macro reporting_timezone() -%}
    {#- The validated var: an IANA zone name such as Europe/Amsterdam.
        Anything else is refused before it can reach SQL. -#}
    {%- set tz = var('reporting_timezone', 'Europe/Amsterdam') | string -%}
    {%- if not modules.re.match('^[A-Za-z]+(?:[/_+-][A-Za-z0-9]+)*$', tz) -%}
        {{ exceptions.raise_compiler_error(
            "var reporting_timezone must be an IANA time zone name such as "
            ~ "'Europe/Amsterdam', got: " ~ tz) }}
    {%- endif -%}
    {{- return(tz) -}}
{%- endmacro %}


{% macro to_local_timestamp(utc_timestamp) -%}
    {{ return(adapter.dispatch('to_local_timestamp', 'ecommerce_kpis')(utc_timestamp)) }}
{%- endmacro %}

{% macro default__to_local_timestamp(utc_timestamp) -%}
    (({{ utc_timestamp }} at time zone 'UTC') at time zone '{{ reporting_timezone() }}')
{%- endmacro %}

{% macro duckdb__to_local_timestamp(utc_timestamp) -%}
    timezone('{{ reporting_timezone() }}', timezone('UTC', {{ utc_timestamp }}))
{%- endmacro %}


{% macro spark__to_local_timestamp(utc_timestamp) -%}
    {#- Spark's timestamps are instants shown in the session time zone (UTC
        in profiles.yml): from_utc_timestamp shifts one to the local wall
        clock of the zone, DST included. -#}
    from_utc_timestamp({{ utc_timestamp }}, '{{ reporting_timezone() }}')
{%- endmacro %}


{% macro to_local_date(utc_timestamp) -%}
    {{ return(adapter.dispatch('to_local_date', 'ecommerce_kpis')(utc_timestamp)) }}
{%- endmacro %}

{% macro default__to_local_date(utc_timestamp) -%}
    cast({{ to_local_timestamp(utc_timestamp) }} as date)
{%- endmacro %}

{% macro duckdb__to_local_date(utc_timestamp) -%}
    {#- DuckDB asks ICU for the zone's offset of every row: 8.6 of the 54 s
        of the 30 M sessions at tier M (D103). The offset changes only at
        the zone's transitions, which ICU gives once per compile
        (utc_offset_transitions): the local date is the UTC timestamp plus
        the offset in force, found by a binary search over the transitions
        (_utc_offset_search). Outside their range (1990-2059) ICU answers,
        as before; so does an expression that is not a column name, which
        the search would repeat at each of its steps. -#}
    {%- set known = utc_offset_transitions()
        if modules.re.fullmatch('[A-Za-z_][A-Za-z0-9_.]*', utc_timestamp | trim) else none -%}
    {%- if known is none -%}
        {{ default__to_local_date(utc_timestamp) }}
    {%- else -%}
        case
            when
                {{ utc_timestamp }} >= timestamp '{{ known.first }}'
                and {{ utc_timestamp }} < timestamp '{{ known.last }}'
                then cast({{ utc_timestamp }} + to_seconds(
                    {{ _utc_offset_search(utc_timestamp, known, 0, known.transitions | length) }}
                ) as date)
            else {{ default__to_local_date(utc_timestamp) }}
        end
    {%- endif -%}
{%- endmacro %}


{% macro _utc_offset_search(utc_timestamp, known, low, high) -%}
    {#- The offset (seconds) in force at utc_timestamp, known to lie from
        transition low - 1 (or known.first) to transition high (or
        known.last): a binary search as nested CASEs, one line per step, so
        that a row passes about log2(transitions) comparisons. -#}
    {%- if low == high -%}
        {{ known.transitions[low - 1][1] if low > 0 else known.first_offset }}
    {%- else -%}
        {%- set middle = (low + high) // 2 -%}
        (case when {{ utc_timestamp }} >= timestamp '{{ known.transitions[middle][0] }}'
        then {{ _utc_offset_search(utc_timestamp, known, middle + 1, high) }}
        else {{ _utc_offset_search(utc_timestamp, known, low, middle) }} end)
    {%- endif -%}
{%- endmacro %}


{% macro utc_offset_transitions(first='1990-01-01', last='2060-01-01') -%}
    {#- The reporting time zone's UTC offsets from `first` to `last` (UTC),
        as DuckDB's ICU has them: {first, last, first_offset (seconds, in
        force at `first`), transitions: [[UTC instant, offset from then
        on], ...]}, or none while dbt parses. One query narrows them down,
        each step looking only inside the periods of the step before whose
        offset changed: UTC midnights, then quarter hours, then minutes. In
        all 638 zone names DuckDB knows, from 1990 to 2059, every
        transition falls on a whole minute and no UTC day has two that
        cancel out (checked once, D103); tests/python/test_local_dates.py
        compares the result with ICU hour by hour for ten zones with
        unusual transitions. -#}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set zone = reporting_timezone() -%}
    {#- each step: its CTE, its period, the step it looks inside -#}
    {%- set steps = [
        ['days', '1 day', none],
        ['quarters', '15 minute', ['days', '1 day']],
        ['minutes', '1 minute', ['quarters', '15 minute']],
    ] -%}
    {%- set query -%}
        with
        {% for name, period, parent in steps %}
        {{ name }} as (

            -- the offset at the end of each period and at its start
            select
                series.instant,
                {{ _utc_offset_at(zone, 'series.instant') }} as utc_offset,
                {{ _utc_offset_at(zone, "(series.instant - interval " ~ period ~ ")") }}
                    as previous_offset
            {%- if parent is none %}
            from generate_series(
                timestamp '{{ first }}' + interval {{ period }},
                timestamp '{{ last }}',
                interval {{ period }}
            ) as series (instant)
            {%- else %}
            from {{ parent[0] }}
            cross join generate_series(
                {{ parent[0] }}.instant - interval {{ parent[1] }} + interval {{ period }},
                {{ parent[0] }}.instant,
                interval {{ period }}
            ) as series (instant)
            where {{ parent[0] }}.utc_offset != {{ parent[0] }}.previous_offset
            {%- endif %}

        ),
        {% endfor %}
        first_offset as (

            select {{ _utc_offset_at(zone, "timestamp '" ~ first ~ "'") }} as utc_offset

        )

        select
            cast(instant as varchar) as transition_at,
            cast(utc_offset as integer) as utc_offset
        from minutes
        where utc_offset != previous_offset
        union all
        select
            null,
            cast(utc_offset as integer)
        from first_offset
        order by transition_at nulls first
    {%- endset -%}
    {%- set rows = run_query(query).rows -%}
    {{ return({
        'first': first,
        'last': last,
        'first_offset': rows[0][1],
        'transitions': rows[1:] | map('list') | list,
    }) }}
{%- endmacro %}


{% macro _utc_offset_at(zone, instant) -%}
    {#- The UTC offset of `zone` at the UTC timestamp `instant`, in
        seconds, as ICU has it. -#}
    epoch(timezone('{{ zone }}', timezone('UTC', {{ instant }})) - {{ instant }})
{%- endmacro %}
