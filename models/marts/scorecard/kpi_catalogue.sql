-- The KPI catalogue (var kpi_catalogue in dbt_project.yml) as a table, with
-- var kpi_target_overrides applied: the targets the scorecard compares
-- against, and the KPI list that Power BI and the tests read.
{%- set overrides = kpi_target_overrides() %}
{%- set columns = [
    'kpi_name', 'label', 'owner_role', 'unit', 'direction', 'target',
    'alert_threshold', 'mart', 'date_column', 'numerator', 'denominator',
    'scale', 'row_filter', 'metric', 'formula',
] %}

with

catalogue as (

    {% for kpi in kpi_catalogue() -%}
        {%- set row = dict(kpi) -%}
        {%- set changed = overrides.get(kpi.kpi_name, {}) -%}
        {%- for column in ['target', 'alert_threshold'] if column in changed -%}
            {%- do row.update({column: changed[column]}) -%}
        {%- endfor -%}
        select
            {% for column in columns -%}
                {{ catalogue_literal(row[column]) }} as {{ column }}
                {{- ',' if not loop.last }}
            {% endfor -%}
        {%- if not loop.last %}
            union all
        {% endif -%}
    {%- endfor %}

),

final as (

    select * from catalogue

)

select * from final
