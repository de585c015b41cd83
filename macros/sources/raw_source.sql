{% macro raw_source(table_name) -%}
    {#- The relation a staging model reads its raw table from: the embedded
        seed `raw_<table>` (a ref, so `dbt build` loads seeds first). -#}
    {{ return(ref('raw_' ~ table_name)) }}
{%- endmacro %}
