{% macro safe_divide(numerator, denominator) -%}
    {#- A ratio as a fraction: NULL (never an error, never 0) when the
        denominator is 0 or NULL. The one place every KPI ratio divides. -#}
    (
        cast({{ numerator }} as {{ type_double() }})
        / nullif(cast({{ denominator }} as {{ type_double() }}), 0)
    )
{%- endmacro %}
