{% macro scorecard_kpi(kpi_name, relation, date_column, numerator, denominator=none, scale=1, where=none) -%}
    {#- One KPI of the scorecard, whole-business per date: the sums of the
        mart's headline numerator and denominator over all its breakdowns,
        and value = scale * numerator / denominator (NULL for a zero
        denominator). A count KPI has no denominator: its value is the count. -#}
    select
        {{ date_column }} as date_day,
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
    {% if where -%}
        where {{ where }}
    {% endif -%}
    group by {{ date_column }}
{%- endmacro %}
