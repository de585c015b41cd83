{% macro pii_salt() -%}
    {#- Salt for PII hashes. Set KPI_PII_SALT in production; the default only
        keeps the demo reproducible. Quotes are doubled so it stays a literal. -#}
    {{- return(env_var('KPI_PII_SALT', 'ecommerce-kpis-demo-salt') | replace("'", "''")) -}}
{%- endmacro %}


{% macro hash_pii(column) -%}
    {{ return(adapter.dispatch('hash_pii', 'ecommerce_kpis')(column)) }}
{%- endmacro %}

{% macro default__hash_pii(column) -%}
    case when {{ column }} is not null
        then sha2(concat('{{ pii_salt() }}', lower({{ trimmed_text(column) }})), 256)
    end
{%- endmacro %}

{% macro duckdb__hash_pii(column) -%}
    case when {{ column }} is not null
        then sha256(concat('{{ pii_salt() }}', lower({{ trimmed_text(column) }})))
    end
{%- endmacro %}
