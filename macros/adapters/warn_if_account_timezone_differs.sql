{% macro warn_if_account_timezone_differs(adapter_name, accounts, relation=none) -%}
    {#- A run-time warning for every ad account whose time zone is not var
        reporting_timezone (D80, D81): the ad platforms report days local to
        the account, and a daily row cannot be shifted into another zone, so
        its report dates are used as they are. `accounts`: a relation, or a
        query in parentheses, with columns account_id and time_zone;
        `relation`: the relation such a query reads. Nothing at parse time,
        in unit tests, or while the relation does not exist yet (a compile
        before the first build). Renders nothing, so it can be a post-hook. -#}
    {%- if not execute or (model is mapping and model.get('resource_type') == 'unit_test') -%}
        {{ return('') }}
    {%- endif -%}
    {%- set checked = relation if relation is not none else accounts -%}
    {%- if checked is string or load_relation(checked) is none -%}
        {{ return('') }}
    {%- endif -%}
    {%- set found = run_query(
        "select distinct cast(account_id as " ~ dbt.type_string() ~ "), cast(time_zone as "
        ~ dbt.type_string() ~ ") from " ~ accounts ~ " as accounts where nullif(trim(time_zone), '') is not null"
        ~ " and trim(time_zone) != " ~ sql_string(reporting_timezone())
        ~ " order by 1, 2") -%}
    {%- for row in found.rows -%}
        {%- do exceptions.warn(
            adapter_name ~ ": ad account " ~ row[0] ~ " reports its days in time zone "
            ~ row[1] ~ ", not in var reporting_timezone " ~ reporting_timezone()
            ~ "; its report dates are used as they are (a daily row cannot be shifted)") -%}
    {%- endfor -%}
    {{ return('') }}
{%- endmacro %}
