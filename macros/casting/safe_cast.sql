{#- dbt.safe_cast dispatches to the root project first, so these overrides
    make every `dbt.safe_cast(...)` in the project a real try_cast: a
    malformed value becomes NULL (and is quarantined) instead of failing.
    dbt-duckdb's own version is a plain cast, and Spark's plain cast fails
    once ANSI mode is on (the default from Spark 4). -#}
{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}

{% macro spark__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}
