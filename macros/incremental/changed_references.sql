{#- The reference checks of a child table whose parents are rebuilt whole
    on every run (e-mail events of campaigns and customers, D118). Any
    parent row may change in a run, so an incremental run of the child
    judges again every row dated before its window whose verdict on its
    parents is no longer the one it holds: its window then starts at the
    earliest such row. The model and the recheck read the same list of
    references, so they cannot disagree on the rules or their order:
    [{'column': 'campaign_id', 'parent': 'base_marketing__campaigns',
      'table': 'campaigns'}, ...]; `table` is the parent's raw table, the
    name of the CTE over its base model and the text of the rules. -#}

{% macro dq_reference_rules(references, alias) -%}
    {#- The reference rules of the row `alias`, in the list's order, comma
        separated (for a coalesce after its own rules). Joins:
        dq_reference_joins. -#}
    {%- for reference in references -%}
        {{ dq_reference(
            alias ~ '.' ~ reference['column'], reference['column'] ~ '_status',
            reference['table']) }}
        {{- ',\n' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}


{% macro dq_reference_joins(references, alias) -%}
    {#- The left joins that dq_reference_rules reads: one dq_parent per
        reference, on the CTE named as the parent's raw table. -#}
    {%- for reference in references %}
    left join
        {{ dq_parent(reference['table'], reference['column']) }}
            as {{ reference['column'] }}_status
        on {{ alias }}.{{ reference['column'] }} = {{ reference['column'] }}_status.parent_key
    {%- endfor -%}
{%- endmacro %}


{% macro changed_reference_dates(references, window_start) -%}
    {#- The dates of the rows this table holds before window_start whose
        reference verdict differs from the one the parents give now: rows
        that passed their own rules and the duplicates check, whose rule is
        not what dq_reference_rules gives on today's parents (a customer
        that arrived after its events, a campaign quarantined since). On
        keys and rules only. -#}
    with
    {% for reference in references -%}
    {{ reference['table'] }} as (
        select * from {{ ref(reference['parent']) }}
    ),
    {% endfor -%}
    held as (
        select *
        from {{ this }}
        where
            dq_partition_date < {{ window_start }}
            and dq_row_rule is null
            and dq_duplicate_rule is null
    )
    select held.dq_partition_date
    from held
    {{ dq_reference_joins(references, 'held') }}
    where
        held.dq_rule is distinct from coalesce(
            {{ dq_reference_rules(references, 'held') | indent(12) }},
            null
        )
{%- endmacro %}
