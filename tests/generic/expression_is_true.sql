{% test expression_is_true(model, expression, column_name=none, where_clause=none) %}
{#- Rows for which a boolean expression is not true. An expression that
    evaluates to NULL fails too: a rule about a missing value is broken. -#}

select *
from {{ model }}
where
    {%- if where_clause %}
        ({{ where_clause }}) and
    {%- endif %}
    coalesce(not ({{ expression }}), true)

{% endtest %}
