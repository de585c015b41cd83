{% macro scorecard_kpi(kpi_name, relation, date_column, numerator, denominator=none, scale=1, where=none, as_of=none) -%}
    {#- One KPI of the scorecard, whole-business per date: the sums of the
        mart's headline numerator and denominator over all its breakdowns,
        and value = scale * numerator / denominator (NULL for a zero
        denominator). A count KPI has no denominator: its value is the count.
        A mart without a date column is a snapshot: it is dated on the
        as-of date (the single row of `as_of`). -#}
    {%- if date_column is none and as_of is none -%}
        {{ exceptions.raise_compiler_error(
            "scorecard_kpi " ~ kpi_name ~ ": a KPI without date_column needs as_of") }}
    {%- endif -%}
    {%- set date_expression = date_column if date_column is not none else 'as_of.as_of_date' -%}
    select
        {{ date_expression }} as date_day,
        '{{ kpi_name }}' as kpi_name,
        cast(sum({{ numerator }}) as {{ type_double() }}) as numerator,
        {% if denominator is not none -%}
            cast(sum({{ denominator }}) as {{ type_double() }}) as denominator,
            {{ scale }} * {{ safe_divide('sum(' ~ numerator ~ ')', 'sum(' ~ denominator ~ ')') }}
                as kpi_value
        {%- else -%}
            cast(null as {{ type_double() }}) as denominator,
            cast(sum({{ numerator }}) as {{ type_double() }}) as kpi_value
        {%- endif %}
    from {{ relation }}
    {% if date_column is none -%}
        cross join {{ as_of }} as as_of
    {% endif -%}
    {% if where -%}
        where {{ where }}
    {% endif -%}
    group by {{ date_expression }}
{%- endmacro %}
