{% macro iso_weekday(date_expr) -%}
    {{ return(adapter.dispatch('iso_weekday', 'ecommerce_kpis')(date_expr)) }}
{%- endmacro %}

{% macro default__iso_weekday(date_expr) -%}
    extract(isodow from {{ date_expr }})
{%- endmacro %}


{% macro spark__iso_weekday(date_expr) -%}
    {#- Spark's dow counts from Sunday = 1; dayofweek_iso is Monday = 1 -#}
    extract(dayofweek_iso from {{ date_expr }})
{%- endmacro %}


{% macro iso_week(date_expr) -%}
    {{ return(adapter.dispatch('iso_week', 'ecommerce_kpis')(date_expr)) }}
{%- endmacro %}

{% macro default__iso_week(date_expr) -%}
    extract(week from {{ date_expr }})
{%- endmacro %}


{% macro iso_year(date_expr) -%}
    {{ return(adapter.dispatch('iso_year', 'ecommerce_kpis')(date_expr)) }}
{%- endmacro %}

{% macro default__iso_year(date_expr) -%}
    extract(isoyear from {{ date_expr }})
{%- endmacro %}

{% macro spark__iso_year(date_expr) -%}
    extract(yearofweek from {{ date_expr }})
{%- endmacro %}
