{% macro number_var(name, default) -%}
    {#- A numeric var, validated before it reaches SQL: a positive number
        (e.g. churn_inactivity_days, max_lifespan_years). -#}
    {%- set value = var(name, default) | string | trim -%}
    {%- if not modules.re.match('^[0-9]+([.][0-9]+)?$', value) or value | float <= 0 -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ name ~ " must be a positive number, got: " ~ value) }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}
