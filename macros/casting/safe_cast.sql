{#- dbt.safe_cast dispatches to the root project first, so this override makes
    every `dbt.safe_cast(...)` in the project a real try_cast on DuckDB:
    a malformed value becomes NULL (and is quarantined) instead of failing. -#}
{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}
