{#- String literals, written as each engine reads them back (D117). -#}

{% macro sql_string(value) -%}
    {#- `value` as a SQL string literal: its quotes doubled, as standard SQL
        (DuckDB) reads them. Spark SQL reads backslash escapes instead, and
        'a''b' there as two adjacent literals, ab. -#}
    {%- if target.type == 'spark' -%}
        {{ return("'" ~ (value | string | replace("\\", "\\\\") | replace("'", "\\'")) ~ "'") }}
    {%- endif -%}
    {{ return("'" ~ (value | string | replace("'", "''")) ~ "'") }}
{%- endmacro %}


{% macro sql_string_list(values) -%}
    {#- `values` as a SQL list of string literals: ['a', 'b']. -#}
    {%- set literals = [] -%}
    {%- for value in values -%}
        {%- do literals.append(sql_string(value)) -%}
    {%- endfor -%}
    {{ return("[" ~ literals | join(", ") ~ "]") }}
{%- endmacro %}
