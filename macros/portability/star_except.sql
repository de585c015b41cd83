{% macro star_except(columns, relation_alias=none) -%}
    {#- Every column of the FROM clause (or of one relation alias in it)
        except `columns`: DuckDB's `* exclude (...)`, Spark's
        `* except (...)`. -#}
    {{ return(adapter.dispatch('star_except', 'ecommerce_kpis')(columns, relation_alias)) }}
{%- endmacro %}

{% macro default__star_except(columns, relation_alias) -%}
    {% if relation_alias %}{{ relation_alias }}.{% endif %}* except ({{ columns | join(', ') }})
{%- endmacro %}

{% macro duckdb__star_except(columns, relation_alias) -%}
    {% if relation_alias %}{{ relation_alias }}.{% endif %}* exclude ({{ columns | join(', ') }})
{%- endmacro %}
