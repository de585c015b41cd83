-- The scorecard rows in alert: the KPI's trailing window is beyond its
-- alert threshold on a mature day; since when it is, and whether it is the
-- KPI's latest judged day (an open alert).
with

scorecard as (

    select * from {{ ref('kpi_scorecard') }}

),

-- an unbroken run of alert rows of a KPI shares one streak number: the
-- row's rank among all the KPI's judged rows minus its rank among alerts
ranked as (

    select
        *,
        row_number() over (partition by kpi_name order by date_day)
        - row_number() over (
            partition by kpi_name, status order by date_day
        ) as streak,
        max(date_day) over (partition by kpi_name) as latest_judged_day
    from scorecard
    where is_mature

),

alerts as (

    select
        *,
        min(date_day) over (partition by kpi_name, streak) as alert_since
    from ranked
    where status = 'alert'

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
        direction,
        window_days,
        window_numerator,
        window_denominator,
        window_value,
        alert_since,
        -- bigint on every engine (Spark's datediff gives int)
        cast(
            {{ dbt.datediff(
                'alert_since', 'date_day', 'day'
            ) }} + 1
            as {{ dbt.type_bigint() }}
        ) as days_in_alert,
        date_day = latest_judged_day as is_open
    from alerts

)

select * from final
