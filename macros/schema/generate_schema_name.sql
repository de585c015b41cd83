{% macro generate_schema_name(custom_schema_name, node) -%}
    {#- Layers get plain schema names (raw, staging, intermediate, marts)
        so that Power BI sees `marts.kpi_...`, not `main_marts.kpi_...`. -#}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
