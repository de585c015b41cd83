{% test conforms_to_raw_spec(model, raw_table, not_in_model=[]) %}
{#- The rules a staging model's rows must keep, read from the spec of its
    raw table (seeds/raw/raw_<table>.yml): a column that is not nullable
    holds no NULL, a value lies in the column's accepted values, range and
    format, and no row rule (`broken_when`) is broken. All in one scan of
    the model (issue 21: several assertions per scan, D106), one failing
    row per broken rule, with how many rows break it. NULL values pass
    every rule but `nullable`. The predicates are written here from the
    spec, apart from the base models' hand-written checks, so that a rule
    added to the spec and not to its base model fails here.
    A spec column the model does not carry (under its `staging_name`) must
    be listed in `not_in_model`, so that no rule is left out unseen. -#}
{%- if not execute %}
    select 1 as rule_broken where 1 = 0
{%- else %}
{%- set spec = raw_table_spec(raw_table) -%}
{%- if not spec.columns -%}
    {{ exceptions.raise_compiler_error(
        "conforms_to_raw_spec on " ~ model ~ ": raw table " ~ raw_table ~ " has no spec columns") }}
{%- endif -%}
{#- from a query, not the relation: `model` can be a subquery (a `where`
    config, or an incremental build's window, D113) -#}
{%- set present = get_columns_in_query('select * from ' ~ model) | map('lower') | list -%}
{%- set checks = [] -%}
{%- for column in spec.columns -%}
    {%- set meta = column.meta -%}
    {%- set name = meta.get('staging_name', column.name) -%}
    {%- if name in not_in_model -%}
        {#- dropped or replaced in staging (e.g. PII hashed): nothing to check -#}
    {%- elif name | lower not in present -%}
        {{ exceptions.raise_compiler_error(
            "conforms_to_raw_spec on " ~ model ~ ": spec column " ~ raw_table ~ "."
            ~ column.name ~ " (staging name " ~ name ~ ") is not in the model; "
            ~ "list it in not_in_model if staging drops it") }}
    {%- else -%}
        {%- if not meta.get('nullable', true) -%}
            {%- do checks.append((name ~ ': missing', name ~ ' is null')) -%}
        {%- endif -%}
        {%- if meta.get('accepted_values') -%}
            {#- sql_string_list writes ['a', 'b']: its items go into `in (...)` -#}
            {%- do checks.append((name ~ ': not an accepted value',
                name ~ ' not in (' ~ sql_string_list(meta.accepted_values)[1:-1] ~ ')')) -%}
        {%- endif -%}
        {%- set bounds = meta.get('range') or {} -%}
        {%- if 'min' in bounds -%}
            {%- set op = '<=' if bounds.get('min_exclusive') else '<' -%}
            {%- do checks.append((name ~ ': below its range',
                name ~ ' ' ~ op ~ ' ' ~ bounds['min'])) -%}
        {%- endif -%}
        {%- if 'max' in bounds -%}
            {%- set op = '>=' if bounds.get('max_exclusive') else '>' -%}
            {%- do checks.append((name ~ ': above its range',
                name ~ ' ' ~ op ~ ' ' ~ bounds['max'])) -%}
        {%- endif -%}
        {%- if meta.get('format') -%}
            {%- do checks.append((name ~ ': not of its format',
                'not ' ~ regex_full_match(name, meta.format))) -%}
        {%- endif -%}
    {%- endif -%}
{%- endfor -%}
{%- for rule in spec.meta.get('row_rules', []) if rule.get('broken_when') -%}
    {%- do checks.append((rule.rule, rule.broken_when)) -%}
{%- endfor -%}
{%- set rules = [] -%}
{%- for rule, broken in checks -%}
    {%- do rules.append({'labels': [('rule_broken', rule)], 'broken': broken}) -%}
{%- endfor %}

{{ broken_rule_counts(model, rules) }}
{%- endif %}

{% endtest %}
