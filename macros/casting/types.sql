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


{% macro money_max() -%}
    {#- The largest amount decimal(18,2) holds. Every raw amount, line
        amount and mart money column stays within it (decision D69). -#}
    9999999999999999.99
{%- endmacro %}


{% macro money_product_too_large(quantity, amount) -%}
    {#- Whether quantity * amount (an integer and a decimal(18,2), both
        >= 0) is beyond money_max(). The amount is widened first: DuckDB
        types integer * decimal(18,2) as decimal(18,2) and stops the whole
        query on an overflow instead of returning a value to compare. -#}
    cast({{ amount }} as decimal(38, 2)) * {{ quantity }} > {{ money_max() }}
{%- endmacro %}


{% macro to_money(expression) -%}
    {#- A money column of a mart: decimal(18,2), the widest decimal the
        Power BI ODBC route takes (D26). Sums are computed wider (decimal(38,2)
        on DuckDB), so only a total beyond money_max() fails to fit: it
        stops the build with this message rather than a bare cast error
        (decision D69). -#}
    {%- set message = 'a money total of ' ~ this.identifier
        ~ ' is beyond decimal(18,2) (+-' ~ money_max()
        ~ ', docs/decisions.md D69): ' ~ expression -%}
    cast(
        case
            when abs({{ expression }}) > {{ money_max() }}
                then {{ raise_sql_error(message) }}
            else {{ expression }}
        end as decimal(18, 2)
    )
{%- endmacro %}


{% macro raise_sql_error(message) -%}
    {#- A SQL expression that stops the query with `message` when a row
        evaluates it (inside a CASE: only for the rows that reach it). -#}
    {{ return(adapter.dispatch('raise_sql_error', 'ecommerce_kpis')(message)) }}
{%- endmacro %}

{#- Quotes are dropped from the message: the engines escape them
    differently inside a string literal. -#}
{% macro default__raise_sql_error(message) -%}
    raise_error('{{ message | replace("'", "") }}')
{%- endmacro %}

{% macro duckdb__raise_sql_error(message) -%}
    error('{{ message | replace("'", "") }}')
{%- endmacro %}
