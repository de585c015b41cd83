{% test row_rules(model, not_null=none, accepted_values=none, ranges=none, expressions=none, ratios=none) %}
{#- Every rule that a single row of the model must keep, checked in one
    scan (D115; D79 did the same for not NULL alone). One failing row per
    broken rule: its kind, what it is about (a column or an expression) and
    how many rows break it. An empty model passes.
    - not_null: [column, ...]                      the column is never NULL
    - accepted_values: {column: [value, ...]}      NULL passes; values as text
    - ranges: {column: {min_value, max_value, inclusive}}   NULL passes
    - expressions: [expression | {expression, where}]  false or NULL breaks
      it (not dbt_utils' `where not (...)`, which lets NULL pass: D57)
    - ratios: {column: {numerator, denominator, scale, min_value, max_value,
      tolerance}}: the column equals scale * numerator / denominator within
      a relative tolerance, is NULL exactly when the denominator is 0 or
      NULL, and lies in [min_value, max_value]; recomputed here, apart from
      safe_divide.
    The rules' SQL is written by macros/testing/row_rules.sql. -#}
{%- set rules = row_rules_checks(model, not_null, accepted_values, ranges, expressions, ratios) -%}
{%- set counted = [] -%}
{%- set expected = [] -%}
{%- for rule in rules -%}
    {%- do counted.append({'labels': [('rule_kind', rule.kind), ('rule_subject', rule.subject)],
        'broken': rule.broken}) -%}
    {%- if rule.expected -%}
        {%- do expected.append(rule.expected ~ ' as ' ~ rule.expected_name) -%}
    {%- endif -%}
{%- endfor -%}
{#- a ratio's expected value is computed once per row, beside the row -#}
{%- set checked = '(select ' ~ (expected + ['*']) | join(', ') ~ ' from ' ~ model ~ ') as checked'
    if expected else model %}

{{ broken_rule_counts(checked, counted) }}

{% endtest %}
