{#- Column types of the marts, chosen for Power BI: 64-bit integers for
    counts (DuckDB sums integers into HUGEINT, which ODBC readers choke on),
    decimal(18,2) for money, double for ratios (not 32-bit float). -#}

{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'ecommerce_kpis')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro duckdb__type_double() -%}
    double
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}


{% macro to_count(expression) -%}
    cast({{ expression }} as {{ dbt.type_bigint() }})
{%- endmacro %}


{% macro to_money(expression) -%}
    cast({{ expression }} as decimal(18, 2))
{%- endmacro %}
