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
                    {%- if values[column] is not number
                        or not modules.re.match('^[a-z_]+$', kpi | string) -%}
                        {{ exceptions.raise_compiler_error(
                            "var kpi_target_overrides needs {kpi_name: {target or "
                            ~ "alert_threshold: number}}, got " ~ kpi ~ ": " ~ values) }}
                    {%- endif -%}
                    {%- do changed.append((kpi, values[column])) -%}
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
