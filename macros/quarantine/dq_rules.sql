{% macro dq_raw_row(table_name, masked={}) -%}
    {#- The raw row as text for dq_rejected_rows: `col=value | col=value`,
        NULL shown as ∅. Columns in `masked` (PII) are replaced by the given
        SQL expression, e.g. the e-mail by its salted hash. -#}
    {%- set parts = [] -%}
    {%- for column in raw_table_columns(table_name) -%}
        {%- set value = masked.get(column, column) -%}
        {%- do parts.append("'" ~ column ~ "=' || coalesce(cast(" ~ value ~ " as " ~ dbt.type_string() ~ "), '∅')") -%}
    {%- endfor -%}
    {{ parts | join(" || ' | ' || ") }}
{%- endmacro %}


{% macro dq_unparsed(columns) -%}
    {#- First column whose text is present but is not a value of its contract
        type: columns = [[name, type, label], ...]. The text must have the
        contract's format (integers without decimals, amounts with at most two
        decimals, `YYYY-MM-DD HH:MM:SS` timestamps, `YYYY-MM-DD` dates) and
        must cast; otherwise e.g. '1.5' would round into an integer and a
        time-zone offset would be dropped silently. NULL when all parse. -#}
    {%- set formats = {
        'integer': '-?[0-9]+',
        'amount': '-?[0-9]+([.][0-9]{1,2})?',
        'timestamp': '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}',
        'date': '[0-9]{4}-[0-9]{2}-[0-9]{2}',
    } -%}
    case
    {%- for name, type, label in columns %}
        when
            nullif(trim({{ name }}), '') is not null
            and (
                not {{ regex_full_match('trim(' ~ name ~ ')', formats[label]) }}
                or {{ dbt.safe_cast('trim(' ~ name ~ ')', type) }} is null
            )
            then '{{ name }}: not a valid {{ label }}'
    {%- endfor %}
    end
{%- endmacro %}


{% macro regex_full_match(expression, pattern) -%}
    {{ return(adapter.dispatch('regex_full_match', 'ecommerce_kpis')(expression, pattern)) }}
{%- endmacro %}

{% macro default__regex_full_match(expression, pattern) -%}
    regexp_like({{ expression }}, '^{{ pattern }}$')
{%- endmacro %}

{% macro duckdb__regex_full_match(expression, pattern) -%}
    regexp_full_match({{ expression }}, '{{ pattern }}')
{%- endmacro %}


{% macro dq_duplicate(key_columns, order_by) -%}
    {#- 'duplicate' for every copy of a key after the first: valid copies
        first, then by `order_by` (the table's stated order), then by the raw
        row text, so the choice is deterministic. -#}
    case
        when
            {% for column in key_columns -%}
                {{ column }} is not null{% if not loop.last %} and {% endif %}
            {%- endfor %}
            and row_number() over (
                partition by {{ key_columns | join(', ') }}
                order by
                    case when dq_row_rule is null then 0 else 1 end,
                    {{ order_by }},
                    dq_raw_row
            ) > 1
            then '{{ key_columns | join(", ") }}: duplicate'
    end
{%- endmacro %}


{% macro dq_parent(relation, key_column, parent_key=none) -%}
    {#- One row per key of a parent table: whether it has a row that passed
        the quarantine, and the rule of a rejected one. For left joins in the
        reference checks of a child table. -#}
    (
        select
            {{ parent_key or key_column }} as parent_key,
            max(case when dq_rule is null then 1 else 0 end) as has_valid_row,
            min(dq_rule) as parent_rule
        from {{ relation }}
        where {{ parent_key or key_column }} is not null
        group by {{ parent_key or key_column }}
    )
{%- endmacro %}


{% macro dq_reference(column, parent_alias, parent_table) -%}
    {%- set name = column.split('.')[-1] -%}
    {#- Reference rule of one id column: NULL when the id is NULL or points at
        a valid parent row; otherwise says whether the parent is missing or
        was itself quarantined (orphans follow their parent). -#}
    case
        when {{ column }} is not null and {{ parent_alias }}.parent_key is null
            then '{{ name }}: not found in {{ parent_table }}'
        when {{ column }} is not null and {{ parent_alias }}.has_valid_row = 0
            then '{{ name }}: {{ parent_table }} row quarantined ('
                || {{ parent_alias }}.parent_rule || ')'
    end
{%- endmacro %}


{% macro session_channels() -%}
    {#- The contract's session channels, as a SQL list. -#}
    ('organic_search', 'paid_search', 'paid_social', 'organic_social',
    'email', 'display', 'affiliate', 'referral', 'direct')
{%- endmacro %}
