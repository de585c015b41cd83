{% test open_alerts(model) %}
{#- The KPIs in alert on their latest judged (mature) date: with severity
    warn, the build log names them without stopping the build. -#}

select
    kpi_name,
    date_day,
    window_value,
    alert_threshold,
    days_in_alert,
    owner_role
from {{ model }}
where is_open

{% endtest %}
