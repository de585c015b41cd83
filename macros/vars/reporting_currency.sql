{% macro reporting_currency() -%}
    {#- The var reporting_currency, validated: an ISO 4217 code (default
        EUR), the currency of every amount in the marts. The source adapters
        convert other currencies into it through fx_rates (D71). -#}
    {%- set code = var('reporting_currency', 'EUR') | string | trim | upper -%}
    {%- if not modules.re.match('^[A-Z]{3}$', code) -%}
        {{ exceptions.raise_compiler_error(
            "var reporting_currency must be an ISO 4217 code such as EUR or USD, got: "
            ~ var('reporting_currency')) }}
    {%- endif -%}
    {{ return(code) }}
{%- endmacro %}
