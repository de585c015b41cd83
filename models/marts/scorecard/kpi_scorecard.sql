-- Every KPI in long form, whole-business, against its target and alert
-- threshold: one scorecard_kpi per row of the KPI catalogue (var
-- kpi_catalogue in dbt_project.yml), whose headline numerator and
-- denominator it sums. The status judges the trailing window of
-- alert_window_days re-aggregated, once the day is mature (D88).
{%- set as_of_relation = ref('int_as_of_date') %}

with

measures as (

    {% for kpi in kpi_catalogue() -%}
        {{ scorecard_kpi(
            kpi.kpi_name,
            ref(kpi.mart),
            kpi.date_column,
            kpi.numerator,
            kpi.denominator,
            scale=kpi.scale,
            where=kpi.row_filter,
            as_of=as_of_relation
        ) }}
        {%- if not loop.last %}
            union all
        {% endif -%}
    {%- endfor %}

),

targets as (

    select * from {{ ref('kpi_catalogue') }}

),

as_of as (

    select * from {{ as_of_relation }}

),

dated as (

    select
        measures.date_day,
        measures.kpi_name,
        measures.numerator,
        measures.denominator,
        measures.kpi_value,
        targets.alert_window_days,
        measures.date_day
        <= {{ add_days('as_of.as_of_date', '-targets.maturity_days') }}
            as is_mature
    from measures
    cross join as_of
    inner join targets
        on measures.kpi_name = targets.kpi_name
    where measures.date_day <= as_of.as_of_date

),

-- the rows of the trailing window ending on each row's day; a day without
-- a row adds nothing to either sum. The row's own columns are carried
-- through the group by: joining `dated` a third time makes Spark 4 fail on
-- its union (ClassCastException on UnionExec.children, D88)
windowed as (

    select
        dated.kpi_name,
        dated.date_day,
        dated.numerator,
        dated.denominator,
        dated.kpi_value,
        dated.alert_window_days,
        dated.is_mature,
        sum(earlier.numerator) as window_numerator,
        sum(earlier.denominator) as window_denominator,
        count(earlier.kpi_value) as window_days_with_value
    from dated
    inner join dated as earlier
        on
            dated.kpi_name = earlier.kpi_name
            and dated.date_day >= earlier.date_day
            and {{ add_days('dated.date_day', '-dated.alert_window_days') }}
            < earlier.date_day
    group by
        dated.kpi_name,
        dated.date_day,
        dated.numerator,
        dated.denominator,
        dated.kpi_value,
        dated.alert_window_days,
        dated.is_mature

),

judged as (

    select
        windowed.date_day,
        windowed.kpi_name,
        windowed.numerator,
        windowed.denominator,
        windowed.kpi_value as value,
        targets.target,
        targets.alert_threshold,
        targets.owner_role,
        targets.direction,
        windowed.alert_window_days as window_days,
        windowed.window_numerator,
        -- a count KPI's window: its mean per day with a value
        case
            when targets.denominator is null
                then
                    cast(
                        windowed.window_days_with_value as {{ type_double() }}
                    )
            else windowed.window_denominator
        end as window_denominator,
        case
            when targets.denominator is null
                then {{ safe_divide(
                    'windowed.window_numerator', 'windowed.window_days_with_value'
                ) }}
            else targets.scale * {{ safe_divide(
                'windowed.window_numerator', 'windowed.window_denominator'
            ) }}
        end as window_value,
        windowed.is_mature
    from windowed
    inner join targets
        on windowed.kpi_name = targets.kpi_name

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
        case
            when not is_mature then 'immature'
            when window_value is null then 'no_data'
            when
                direction = 'higher_is_better'
                and window_value < alert_threshold
                then 'alert'
            when
                direction = 'lower_is_better'
                and window_value > alert_threshold
                then 'alert'
            else 'ok'
        end as status,
        owner_role,
        direction,
        window_days,
        window_numerator,
        window_denominator,
        window_value,
        is_mature
    from judged

)

select * from final
