{% macro broken_rule_counts(relation, rules) -%}
    {#- The query of a data test of several row rules, all in one scan of
        `relation`: one row per rule that some rows break, with the rule's
        labels and broken_rows, how many rows break it; no row when all
        hold. `rules`: [{labels: [(column, text), ...], broken: the SQL
        condition under which a row breaks the rule}]. Used by the generic
        tests row_rules (D115) and conforms_to_raw_spec (D106). -#}
with broken_counts as (
    select
        {%- for rule in rules %}
        sum(case when {{ rule.broken }} then 1 else 0 end) as broken_{{ loop.index }}
        {{- "," if not loop.last }}
        {%- endfor %}
    from {{ relation }}
)

{% for rule in rules %}
select
    {%- for column, text in rule.labels %}
    {{ sql_string(text) }} as {{ column }},
    {%- endfor %}
    broken_{{ loop.index }} as broken_rows
from broken_counts
where broken_{{ loop.index }} > 0
{% if not loop.last %}union all{% endif %}
{% endfor %}
{%- endmacro %}
