{% test expression_holds(model, expression, column_name=none, where_clause=none) %}
{#- Rows for which a boolean expression does not hold: false or NULL. Not
    dbt_utils' expression_is_true, which returns rows `where not (expr)` and
    so lets a NULL result pass: here a rule about a missing value is broken
    (decision D57). `where_clause` limits the rows checked; under a column,
    the expression is still written whole (column_name is not prefixed). -#}

select *
from {{ model }}
where
    {%- if where_clause %}
        ({{ where_clause }}) and
    {%- endif %}
    coalesce(not ({{ expression }}), true)

{% endtest %}
