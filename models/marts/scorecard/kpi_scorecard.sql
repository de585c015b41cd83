-- Every KPI in long form, whole-business, against its target and alert
-- threshold: one scorecard_kpi per row of the KPI catalogue (var
-- kpi_catalogue in dbt_project.yml), whose headline numerator and
-- denominator it sums.
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

final as (

    select
        measures.date_day,
        measures.kpi_name,
        measures.numerator,
        measures.denominator,
        measures.kpi_value as value,
        targets.target,
        targets.alert_threshold,
        case
            when measures.kpi_value is null then 'no_data'
            when
                targets.direction = 'higher_is_better'
                and measures.kpi_value < targets.alert_threshold
                then 'alert'
            when
                targets.direction = 'lower_is_better'
                and measures.kpi_value > targets.alert_threshold
                then 'alert'
            else 'ok'
        end as status,
        targets.owner_role,
        targets.direction
    from measures
    cross join as_of
    left join targets
        on measures.kpi_name = targets.kpi_name
    where measures.date_day <= as_of.as_of_date

)

select * from final
