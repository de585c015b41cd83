{% test open_alerts(model) %}
{#- The KPIs in alert on their latest date: with severity warn, the build
    log names them without stopping the build. -#}

with

latest as (

    select
        kpi_name,
        max(date_day) as date_day
    from {{ ref('kpi_scorecard') }}
    group by kpi_name

)

select
    alerts.kpi_name,
    alerts.date_day,
    alerts.value,
    alerts.alert_threshold,
    alerts.owner_role
from {{ model }} as alerts
inner join latest
    on
        alerts.kpi_name = latest.kpi_name
        and alerts.date_day = latest.date_day

{% endtest %}
