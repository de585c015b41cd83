{% macro warn_if_account_timezone_differs(adapter_name, accounts) -%}
    {#- A run-time warning per ad account whose time zone is not the var
        reporting_timezone: the ad platforms report days local to the
        account, and a daily row cannot be shifted into another zone, so
        its report dates are used as they are (D81). `accounts`: a relation
        or a query (text) with the columns `account_id` and `timezone_name`.
        Renders nothing, so it can be a model's post-hook. -#}
    {%- if execute -%}
        {%- set source = accounts if accounts is not string
            else '(' ~ accounts ~ ')' -%}
        {%- set differing = run_query(
            "select distinct cast(account_id as varchar), cast(timezone_name as varchar) "
            ~ "from " ~ source ~ " as accounts where nullif(trim(timezone_name), '') "
            ~ "is not null and trim(timezone_name) != " ~ sql_string(reporting_timezone())
            ~ " order by 1, 2") -%}
        {%- for row in differing.rows -%}
            {%- do exceptions.warn(adapter_name ~ ": ad account " ~ row[0]
                ~ " reports its days in time zone " ~ row[1] ~ ", not in var "
                ~ "reporting_timezone " ~ reporting_timezone() ~ "; its report dates are "
                ~ "used as they are (a daily row cannot be shifted)") -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
