-- The KPI catalogue (var kpi_catalogue in dbt_project.yml) as a table, with
-- var kpi_target_overrides applied: the targets the scorecard compares
-- against, and the KPI list that Power BI and the tests read.
{%- set overrides = kpi_target_overrides() %}

with

catalogue as (

    {% for kpi in kpi_catalogue() -%}
        {{ catalogue_row(kpi, overrides.get(kpi.kpi_name, {})) }}
        {%- if not loop.last %}
            union all
        {% endif -%}
    {%- endfor %}

),

final as (

    select * from catalogue

)

select * from final
