{% test ratio_is_consistent(model, column_name, numerator, denominator, scale=1, min_value=none, max_value=none, tolerance=0.000001) %}
{#- A KPI ratio must equal scale * numerator / denominator (within a relative
    tolerance), be NULL exactly when the denominator is 0 or NULL, and lie in
    [min_value, max_value]. Computed here independently of safe_divide. -#}
{%- set num = 'cast((' ~ numerator ~ ') as double)' -%}
{%- set den = 'cast((' ~ denominator ~ ') as double)' -%}

with

checked as (

    select
        *,
        {{ column_name }} as checked_ratio,
        case
            when coalesce({{ den }}, 0) != 0
                then {{ scale }} * {{ num }} / {{ den }}
        end as expected_ratio
    from {{ model }}

)

select *
from checked
where
    (expected_ratio is null and checked_ratio is not null)
    or (expected_ratio is not null and checked_ratio is null)
    or abs(checked_ratio - expected_ratio)
    > {{ tolerance }} * greatest(1, abs(expected_ratio))
    {%- if min_value is not none %}
        or checked_ratio < {{ min_value }}
    {%- endif %}
    {%- if max_value is not none %}
        or checked_ratio > {{ max_value }}
    {%- endif %}

{% endtest %}
