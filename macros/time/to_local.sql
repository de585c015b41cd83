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
    cast({{ to_local_timestamp(utc_timestamp) }} as date)
{%- endmacro %}
