{% macro not_materialized() -%}
    {#- Written between `name as` and the `(` of a CTE that must be inlined
        into its readers: DuckDB then pushes filters through it instead of
        materialising it once (see dq_deduplicate). Other engines inline
        CTEs anyway and have no such keyword. -#}
    {{ return(adapter.dispatch('not_materialized', 'ecommerce_kpis')()) }}
{%- endmacro %}

{% macro default__not_materialized() -%}
{%- endmacro %}

{% macro duckdb__not_materialized() -%}
    not materialized
{%- endmacro %}


{% macro materialized() -%}
    {#- Written between `name as` and the `(` of a CTE that must be computed
        once although several parts of the query read it: DuckDB's
        `materialized`, nothing elsewhere (see dq_repeated_keys). -#}
    {{ return(adapter.dispatch('materialized', 'ecommerce_kpis')()) }}
{%- endmacro %}

{% macro default__materialized() -%}
{%- endmacro %}

{% macro duckdb__materialized() -%}
    materialized
{%- endmacro %}


{% macro materialized_if(condition) -%}
    {#- materialized() when `condition` holds, else not_materialized(): for a
        CTE that only some runs read twice (e.g. an incremental run's raw
        window, D107). -#}
    {%- if condition -%}
        {{ return(materialized()) }}
    {%- endif -%}
    {{ return(not_materialized()) }}
{%- endmacro %}
