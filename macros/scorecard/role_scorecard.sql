{% macro role_scorecard(role) -%}
    {#- The scorecard rows of the KPIs one role owns (a view per role, so a
        role's Power BI report reads only what it needs). -#}
with

scorecard as (

    select * from {{ ref('kpi_scorecard') }}

),

final as (

    select
        date_day,
        kpi_name,
        numerator,
        denominator,
        value,
        target,
        alert_threshold,
        status,
        owner_role,
        window_days,
        window_numerator,
        window_denominator,
        window_value,
        is_mature
    from scorecard
    where owner_role = '{{ role }}'

)

select * from final
{%- endmacro %}
