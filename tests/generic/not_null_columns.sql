{% test not_null_columns(model, column_names) %}
{#- The not_null test of several columns in one scan of the model (dbt's
    not_null is one query per column: D79). One failing row per column that
    holds NULLs, with how many. An empty model passes. -#}
{%- if column_names is string or column_names | length == 0 %}
    {{ exceptions.raise_compiler_error(
        "not_null_columns on " ~ model ~ ": column_names must be a non-empty list of column names"
    ) }}
{%- endif %}

with null_counts as (
    select
        {%- for column in column_names %}
            sum(case when {{ column }} is null then 1 else 0 end) as nulls_{{ loop.index }}
            {{- "," if not loop.last }}
        {%- endfor %}
    from {{ model }}
)

{% for column in column_names %}
    select
        '{{ column }}' as column_name,
        nulls_{{ loop.index }} as null_rows
    from null_counts
    where nulls_{{ loop.index }} > 0
    {% if not loop.last %}union all{% endif %}
{% endfor %}

{% endtest %}
