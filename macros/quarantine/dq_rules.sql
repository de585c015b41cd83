{% macro struct_of(fields) -%}
    {#- A struct value from {field name: SQL expression}, in dict order. -#}
    {{ return(adapter.dispatch('struct_of', 'ecommerce_kpis')(fields)) }}
{%- endmacro %}

{% macro default__struct_of(fields) -%}
    named_struct(
        {%- for name, expression in fields.items() -%}
            '{{ name }}', {{ expression }}{% if not loop.last %}, {% endif %}
        {%- endfor -%}
    )
{%- endmacro %}

{% macro duckdb__struct_of(fields) -%}
    struct_pack(
        {%- for name, expression in fields.items() -%}
            {{ name }} := {{ expression }}{% if not loop.last %}, {% endif %}
        {%- endfor -%}
    )
{%- endmacro %}


{% macro dq_raw_text(table_name, raw_row='dq_raw_row') -%}
    {#- The struct of dq_raw_row as text for dq_rejected_rows:
        `col=value | col=value`, NULL shown as ∅. -#}
    {%- set parts = [] -%}
    {%- for column in raw_table_columns(table_name) -%}
        {%- do parts.append("'" ~ column ~ "=' || coalesce(" ~ raw_row ~ "." ~ column ~ ", '∅')") -%}
    {%- endfor -%}
    {{ parts | join(" || ' | ' || ") }}
{%- endmacro %}


{% macro dq_base_columns(table_name, rule='dq_rule', exclude=[]) -%}
    {#- The select list of a base model's last CTE: every column, with the
        raw row as text for quarantined rows and NULL for the rows that
        passed (building and storing the text of every sound row is the
        largest cost of a base model at scale). -#}
    {{ return(adapter.dispatch('dq_base_columns', 'ecommerce_kpis')(table_name, rule, exclude)) }}
{%- endmacro %}

{% macro default__dq_base_columns(table_name, rule, exclude) -%}
    {#- Spark has no `* replace`: the text column is added again at the
        end. -#}
    {{ star_except(['dq_raw_row'] + exclude) }},
    case
        when {{ rule }} is not null then {{ dq_raw_text(table_name) }}
    end as dq_raw_row
{%- endmacro %}

{% macro duckdb__dq_base_columns(table_name, rule, exclude) -%}
    {% if exclude %}{{ star_except(exclude) }}{% else %}*{% endif %} replace (
        case
            when {{ rule }} is not null then {{ dq_raw_text(table_name) }}
        end as dq_raw_row
    )
{%- endmacro %}


{% macro dq_duplicate(key_columns, order_by) -%}
    {#- 'duplicate' for every copy of a key after the first, as a window
        expression: valid copies first, then by `order_by` (the table's
        stated order), then by the raw row, so the choice is deterministic.
        For the small catalogue tables; large tables use dq_deduplicate. -#}
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


{% macro dq_repeated_keys(relation, key_columns) -%}
    {#- Body of the CTE `repeated_keys` of a base model: the keys (typed,
        raw_source) that occur more than once in `relation` (a raw_source
        subquery, or the CTE `raw_rows` of one, D107), counted on a scan of
        the key columns alone. The CTE must be `materialized()`: dq_flag_repeated's
        rows are read twice by dq_deduplicate, and DuckDB would otherwise
        count the keys once per read (D97: 189 against 151 CPU-s for the
        30 M sessions at tier M). -#}
    select
        {{ key_columns | join(',\n        ') }}
    from {{ relation }} as dq_key_rows
    where {{ key_columns | join(' is not null and ') }} is not null
    group by {{ key_columns | join(', ') }}
    having count(*) > 1
{%- endmacro %}


{% macro dq_flag_repeated(relation, key_columns, repeated_keys='repeated_keys') -%}
    {#- The raw rows of `relation` (a raw_source subquery, or a CTE of one)
        with `dq_is_repeated`: whether the row's key (typed, raw_source) is one
        of `repeated_keys` (the CTE of dq_repeated_keys), so that
        dq_deduplicate ranks only those rows. -#}
    (
        select
            dq_flagged_rows.*,
            dq_flagged_keys.{{ key_columns[0] }} is not null as dq_is_repeated
        from {{ relation }} as dq_flagged_rows
        left join {{ repeated_keys }} as dq_flagged_keys
            on
            {%- for column in key_columns %}
                dq_flagged_rows.{{ column }} = dq_flagged_keys.{{ column }}
                {%- if not loop.last %} and{% endif %}
            {%- endfor %}
    )
{%- endmacro %}


{% macro dq_deduplicate(relation, key_columns, order_by) -%}
    {#- `relation` (a CTE carrying dq_is_repeated, see dq_flag_repeated) with
        `dq_duplicate_rule`: '<key>: duplicate' for every copy of a key after
        the first: valid copies first, then by `order_by` (the table's stated
        order), then by the raw row, so the choice is deterministic. Only the
        rows of repeated keys are ranked; the CTEs up to `relation` must be
        `not materialized`, so that DuckDB pushes the flag filter down and
        types the other rows once instead of materialising them. -#}
    (
        select
            {{ relation }}.*,
            cast(null as {{ dbt.type_string() }}) as dq_duplicate_rule
        from {{ relation }}
        where not {{ relation }}.dq_is_repeated
        union all
        select
            {{ relation }}.*,
            case
                when row_number() over (
                    partition by {% for column in key_columns -%}
                        {{ relation }}.{{ column }}{% if not loop.last %}, {% endif %}
                    {%- endfor %}
                    order by
                        case when {{ relation }}.dq_row_rule is null then 0 else 1 end,
                        {{ relation }}.{{ order_by }},
                        {{ relation }}.dq_raw_row
                ) > 1
                    then '{{ key_columns | join(", ") }}: duplicate'
            end as dq_duplicate_rule
        from {{ relation }}
        where {{ relation }}.dq_is_repeated
    )
{%- endmacro %}


{% macro dq_unparsed(columns) -%}
    {#- First column whose value is present but is not a value of its spec
        type: columns = [[name, type, label, native], ...] (native: none
        for text, true when the column arrives in its spec type, false in a
        narrower number type; D101). Text must have
        the spec's format (docs/spec/raw-tables.md#global-rules: integers
        without decimals, amounts with at most two decimals, exchange
        rates with at most eight,
        `YYYY-MM-DD HH:MM:SS` timestamps with hours 00-23,
        `YYYY-MM-DD` dates) and must cast; otherwise e.g. '1.5' would round
        into an integer, a time-zone offset would be dropped silently, and
        `24:00:00` would be the next day on DuckDB but no time on Spark.
        A native value is held to what its text form would be
        (dq_native_unparsed). NULL when all parse. -#}
    {%- set formats = {
        'integer': '-?[0-9]+',
        'amount': '-?[0-9]+([.][0-9]{1,2})?',
        'rate': '[0-9]+([.][0-9]{1,8})?',
        'timestamp': '[0-9]{4}-[0-9]{2}-[0-9]{2} ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]',
        'date': '[0-9]{4}-[0-9]{2}-[0-9]{2}',
    } -%}
    {%- set checks = [] -%}
    {%- for name, type, label, native in columns -%}
        {%- if native is not none -%}
            {%- set broken = dq_native_unparsed(name, label, type, native) | trim -%}
        {%- else -%}
            {%- set trimmed = trimmed_text(name) | trim -%}
            {%- set broken = "nullif(" ~ trimmed ~ ", '') is not null and (not "
                ~ regex_full_match(trimmed, formats[label])
                ~ " or " ~ dbt.safe_cast(trimmed, type) ~ " is null)" -%}
        {%- endif -%}
        {%- if broken -%}
            {%- do checks.append([broken, name ~ ': not a valid ' ~ label]) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not checks -%}
        cast(null as {{ dbt.type_string() }})
    {%- else -%}
    case
    {%- for broken, rule in checks %}
        when {{ broken }}
            then '{{ rule }}'
    {%- endfor %}
    end
    {%- endif -%}
{%- endmacro %}


{% macro dq_native_unparsed(name, label, type, exact=true) -%}
    {#- For a value read as it is (DuckDB, D101): the condition under which
        its text form would fail dq_unparsed's format or cast, or '' when
        every value passes (integers and amounts in the spec's type). A
        number of a narrower type (exact false) may be out of the spec
        type's range; a rate has no sign. A timestamp's text has a
        fraction when it is not a whole second; a year outside 1-9999 or an
        infinite value is not `YYYY-...`. -#}
    {%- set out_of_range = '' if exact else name ~ ' is not null and '
        ~ dbt.safe_cast(name, type) ~ ' is null' -%}
    {%- if label == 'rate' -%}
        {{ name }} < 0{% if out_of_range %} or {{ out_of_range }}{% endif %}
    {%- elif label in ('integer', 'amount') -%}
        {{ out_of_range }}
    {%- elif label == 'timestamp' -%}
        {{ name }} is not null and not (
            isfinite({{ name }})
            and year({{ name }}) between 1 and 9999
            and {{ name }} = date_trunc('second', {{ name }})
        )
    {%- elif label == 'date' -%}
        {{ name }} is not null and not (
            isfinite({{ name }}) and year({{ name }}) between 1 and 9999
        )
    {%- endif -%}
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


{% macro dq_parent(relation, key_column, parent_key=none, keyed=true) -%}
    {#- One row per key of a parent table: whether it has a row that passed
        the quarantine, and the rule of a rejected one. For left joins in the
        reference checks of a child table. `relation` is the CTE over the
        parent's base model, named as its raw table.
        keyed (the default): the column is that table's key (its spec's
        `key`, checked here), so the rows that passed are unique on it
        (dq_deduplicate; tested as `unique` in staging). They are taken as
        they are, and only the keys without such a row are grouped for
        their rule: no aggregate over every parent row (D96: 16 against 6
        CPU-s for the 30 M sessions of the product views at tier M).
        keyed=false (e.g. a product group): every row is grouped. -#}
    {%- set column = parent_key or key_column -%}
    {#- the spec, where the graph has it (not at parse time, not in unit
        tests, which run the same branch unchecked) -#}
    {%- set spec = graph.get('nodes', {}).get('seed.' ~ project_name ~ '.raw_' ~ relation) -%}
    {%- if spec is not none -%}
        {%- set spec_key = spec.meta.get('key') or [] -%}
        {%- if keyed != (spec_key == [column]) -%}
            {{ exceptions.raise_compiler_error(
                "dq_parent('" ~ relation ~ "', '" ~ column ~ "'): keyed=" ~ keyed
                ~ " but the key of raw table " ~ relation ~ " is ["
                ~ spec_key | join(', ') ~ "]") }}
        {%- endif -%}
    {%- endif -%}
    {%- if keyed %}
    (
        select
            {{ column }} as parent_key,
            1 as has_valid_row,
            cast(null as {{ dbt.type_string() }}) as parent_rule
        from {{ relation }}
        where dq_rule is null and {{ column }} is not null
        union all
        select
            rejected.{{ column }} as parent_key,
            0 as has_valid_row,
            min(rejected.dq_rule) as parent_rule
        from {{ relation }} as rejected
        where
            rejected.dq_rule is not null
            and rejected.{{ column }} is not null
            and not exists (
                select 1
                from {{ relation }} as passed
                where
                    passed.{{ column }} = rejected.{{ column }}
                    and passed.dq_rule is null
            )
        group by rejected.{{ column }}
    )
    {%- else %}
    (
        select
            {{ column }} as parent_key,
            max(case when dq_rule is null then 1 else 0 end) as has_valid_row,
            min(dq_rule) as parent_rule
        from {{ relation }}
        where {{ column }} is not null
        group by {{ column }}
    )
    {%- endif %}
{%- endmacro %}


{% macro dq_reference(column, parent_alias, parent_table) -%}
    {%- set name = column.split('.')[-1] -%}
    {#- Reference rule of one id column: NULL when the id is NULL or points at
        a valid parent row; otherwise says whether the parent is missing or
        was itself quarantined (orphans follow their parent). -#}
    case
        when {{ column }} is not null and {{ parent_alias }}.parent_key is null
            then {{ dq_not_found_rule(name, parent_table) }}
        when {{ column }} is not null and {{ parent_alias }}.has_valid_row = 0
            then {{ dq_quarantined_parent_rule(
                name, parent_table, parent_alias ~ '.parent_rule'
            ) }}
    end
{%- endmacro %}


{% macro dq_unmatched_parent(relation, key_column, children, child_column=none) -%}
    {#- The reference check against a large parent table, on keys only
        (D112). One row per id of `children` that has no row passed in the
        parent `relation`: `child_key`, and `parent_rule`, the rule of the
        parent's rejected row (NULL: the parent has no row at all). Left-join
        it to the children on the id and use dq_unmatched_reference: a sound
        id finds no row. dq_parent gives one row per parent key instead, and
        the children's wide rows are hashed or spilled beside those keys:
        66 GB of spill for the 166 M product views and 300 M sessions of
        tier L. `children` may be any relation holding every id of the
        checked rows (more ids do no harm: the verdict depends on the id). -#}
    {%- set child_column = child_column or key_column -%}
    (
        select
            unmatched.child_key,
            min(rejected.dq_rule) as parent_rule
        from (
            select children.{{ child_column }} as child_key
            from {{ children }} as children
            left join (
                select {{ key_column }} as passed_key
                from {{ relation }}
                where dq_rule is null
            ) as passed
                on children.{{ child_column }} = passed.passed_key
            where
                children.{{ child_column }} is not null
                and passed.passed_key is null
        ) as unmatched
        left join {{ relation }} as rejected
            on
                unmatched.child_key = rejected.{{ key_column }}
                and rejected.dq_rule is not null
        group by unmatched.child_key
    )
{%- endmacro %}


{% macro dq_unmatched_reference(column, unmatched_alias, parent_table) -%}
    {%- set name = column.split('.')[-1] -%}
    {#- dq_reference's rule, from a dq_unmatched_parent join: the same texts. -#}
    case
        when
            {{ unmatched_alias }}.child_key is not null
            and {{ unmatched_alias }}.parent_rule is null
            then {{ dq_not_found_rule(name, parent_table) }}
        when {{ unmatched_alias }}.child_key is not null
            then {{ dq_quarantined_parent_rule(
                name, parent_table, unmatched_alias ~ '.parent_rule'
            ) }}
    end
{%- endmacro %}


{% macro dq_quarantined_parent_rule(column_name, parent_table, parent_rule) -%}
    {#- The rule of a child row whose parent row was quarantined, naming the
        parent's rule (orphans follow their parent), as a SQL expression. -#}
    '{{ column_name }}: {{ parent_table }} row quarantined (' || {{ parent_rule }} || ')'
{%- endmacro %}


{% macro dq_not_found_rule(column_name, parent_table) -%}
    {#- The rule of a child row whose id has no row in its parent table, as
        a SQL string: dq_reference's text, also matched by the incremental
        recheck of D98. -#}
    '{{ column_name }}: not found in {{ parent_table }}'
{%- endmacro %}


{% macro session_channels() -%}
    {#- The session channels (docs/spec/raw-tables.md#sessions), as a SQL list. -#}
    ('organic_search', 'paid_search', 'paid_social', 'organic_social',
    'email', 'display', 'affiliate', 'referral', 'direct')
{%- endmacro %}
