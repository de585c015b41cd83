{% macro meta_ads_objective(expression) -%}
    {#- A Meta campaign objective (legacy, e.g. CONVERSIONS, LINK_CLICKS,
        REACH, and the 2023 outcome-driven OUTCOME_*) as the raw contract's
        objective: awareness, consideration or conversion (D81). Any other
        value is passed on lower-cased, so that staging quarantines the
        campaign as `objective: not an allowed value` (its ad rows follow
        it) instead of the adapter guessing a funnel stage. -#}
    case
        when upper(trim({{ expression }})) in (
            'BRAND_AWARENESS', 'LOCAL_AWARENESS', 'REACH', 'VIDEO_VIEWS',
            'OUTCOME_AWARENESS'
        ) then 'awareness'
        when upper(trim({{ expression }})) in (
            'LINK_CLICKS', 'TRAFFIC', 'ENGAGEMENT', 'POST_ENGAGEMENT',
            'PAGE_LIKES', 'EVENT_RESPONSES', 'LEAD_GENERATION', 'MESSAGES',
            'APP_INSTALLS', 'OUTCOME_TRAFFIC', 'OUTCOME_ENGAGEMENT',
            'OUTCOME_LEADS', 'OUTCOME_APP_PROMOTION'
        ) then 'consideration'
        when upper(trim({{ expression }})) in (
            'CONVERSIONS', 'PRODUCT_CATALOG_SALES', 'STORE_VISITS',
            'OUTCOME_SALES'
        ) then 'conversion'
        else lower({{ landed_text(expression) }})
    end
{%- endmacro %}


{% macro contract_sum_text(expression, kind, factor='1') -%}
    {#- The raw contract's text of a sum over landed rows (an aggregate, D81):
        `kind` 'integer' (a count) or 'money' (cents, rounded half away from
        zero), each row's number times `factor` (an exchange rate). One
        bad row decides the sum, so that staging quarantines the contract row
        rather than a sum hiding it: a value that is no number is passed on
        as landed, an empty one makes the sum empty (`missing`; for reach:
        not reported), a negative one is passed on as the lowest value. -#}
    {%- set number = landed_number(expression) -%}
    case
        when bool_or({{ landed_text(expression) }} is not null and {{ number }} is null)
            then min(case when {{ number }} is null then {{ landed_text(expression) }} end)
        when bool_or({{ landed_text(expression) }} is null) then null
        when min({{ number }}) < 0
            then {{ _contract_number_text(kind, 'min(' ~ number ~ ' * ' ~ factor ~ ')') }}
        else {{ _contract_number_text(kind, 'sum(' ~ number ~ ' * ' ~ factor ~ ')') }}
    end
{%- endmacro %}


{% macro _contract_number_text(kind, expression) -%}
    {#- A number as the raw contract's text: a count (the integer when it is
        one, else the decimal, which staging rejects) or money. -#}
    {%- if kind == 'money' -%}
        {{ contract_money_text(expression) }}
    {%- else -%}
        case
            when {{ expression }} = round({{ expression }})
                then cast(cast({{ expression }} as bigint) as varchar)
            else cast({{ expression }} as varchar)
        end
    {%- endif -%}
{%- endmacro %}
