-- The scorecard rows in alert: the KPI is beyond its alert threshold.
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
        direction
    from scorecard
    where status = 'alert'

)

select * from final
