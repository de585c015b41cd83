-- kpi_targets with the var kpi_target_overrides applied, so a threshold can
-- change per run without editing SQL or the seed.
{%- set overrides = var('kpi_target_overrides', {}) %}

with

targets as (

    select * from {{ ref('kpi_targets') }}

),

final as (

    select
        kpi_name,
        direction,
        {% for column in ['target', 'alert_threshold'] -%}
            {%- set changed = [] -%}
            {%- for kpi, values in overrides.items() -%}
                {%- if column in values -%}
                    {%- do changed.append((kpi | replace("'", ""), values[column] | float)) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- if changed -%}
                case
                    {%- for kpi, value in changed %}
                        when kpi_name = '{{ kpi }}' then {{ value }}
                    {%- endfor %}
                    else {{ column }}
                end
            {%- else -%}
                {{ column }}
            {%- endif %} as {{ column }},
        {% endfor -%}
        owner_role
    from targets

)

select * from final
