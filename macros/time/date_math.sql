{% macro epoch_seconds(timestamp_expr) -%}
    {{ return(adapter.dispatch('epoch_seconds', 'ecommerce_kpis')(timestamp_expr)) }}
{%- endmacro %}

{% macro default__epoch_seconds(timestamp_expr) -%}
    extract(epoch from {{ timestamp_expr }})
{%- endmacro %}

{% macro duckdb__epoch_seconds(timestamp_expr) -%}
    epoch({{ timestamp_expr }})
{%- endmacro %}


{% macro spark__epoch_seconds(timestamp_expr) -%}
    {#- unix_timestamp would drop the fraction of a second -#}
    (unix_micros({{ timestamp_expr }}) / 1000000.0)
{%- endmacro %}


{% macro fractional_days_between(earlier, later) -%}
    {#- Contract: epoch_seconds(later) - epoch_seconds(earlier), / 86400. -#}
    (
        cast({{ epoch_seconds(later) }} as {{ type_double() }})
        - cast({{ epoch_seconds(earlier) }} as {{ type_double() }})
    ) / 86400.0
{%- endmacro %}


{% macro add_days(date_expr, days) -%}
    {#- A date plus a whole number of days (negative to subtract), as a date. -#}
    {{ return(adapter.dispatch('add_days', 'ecommerce_kpis')(date_expr, days)) }}
{%- endmacro %}

{% macro default__add_days(date_expr, days) -%}
    cast({{ dbt.dateadd('day', days, date_expr) }} as date)
{%- endmacro %}

{% macro spark__add_days(date_expr, days) -%}
    {#- dbt-spark's dateadd goes through timestamps; date_add stays a date -#}
    date_add({{ date_expr }}, cast({{ days }} as int))
{%- endmacro %}


{% macro as_of_date_var() -%}
    {#- The var as_of_date, validated: '' (use the data's latest valid order
        date) or a real YYYY-MM-DD date. Anything else stops the build. -#}
    {%- set value = var('as_of_date', '') | string | trim -%}
    {%- if value == '' or value == 'None' -%}
        {{ return('') }}
    {%- endif -%}
    {%- if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', value) -%}
        {{ exceptions.raise_compiler_error(
            "var as_of_date must be a date as YYYY-MM-DD (or empty), got: " ~ value) }}
    {%- endif -%}
    {%- set year, month, day = value.split('-') | map('int') -%}
    {%- set next_month = modules.datetime.date(year + (month // 12), month % 12 + 1, 1)
        if 1 <= month <= 12 else none -%}
    {%- if next_month is none or day < 1
        or day > (next_month - modules.datetime.timedelta(days=1)).day -%}
        {{ exceptions.raise_compiler_error(
            "var as_of_date must be a date as YYYY-MM-DD (or empty), got: " ~ value) }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}
