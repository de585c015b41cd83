{% macro kpi_catalogue() -%}
    {#- The rows of var kpi_catalogue (dbt_project.yml), checked, with the
        optional fields filled in: date_column, denominator, row_filter and
        metric none, scale 1. A row that breaks a rule stops the parse with a
        message naming the KPI. -#}
    {%- set required = [
        'kpi_name', 'label', 'mart', 'numerator', 'unit', 'direction',
        'target', 'alert_threshold', 'maturity_days', 'alert_window_days',
        'owner_role', 'formula',
    ] -%}
    {%- set optional = {
        'date_column': none, 'denominator': none, 'scale': 1,
        'row_filter': none, 'metric': none,
    } -%}
    {%- set choices = {
        'unit': ['ratio', 'currency', 'seconds', 'days', 'count', 'score'],
        'direction': ['higher_is_better', 'lower_is_better'],
        'owner_role': ['marketing', 'sales', 'logistics', 'finance', 'customer'],
    } -%}
    {%- set rows = [] -%}
    {%- set seen = [] -%}
    {%- for row in var('kpi_catalogue', []) -%}
        {%- set name = row.get('kpi_name') if row is mapping else row -%}
        {%- set problems = [] -%}
        {%- if row is not mapping -%}
            {%- do problems.append('not a mapping') -%}
        {%- else -%}
            {%- for key in required if row.get(key) is none -%}
                {%- do problems.append('missing ' ~ key) -%}
            {%- endfor -%}
            {%- for key in row if key not in required and key not in optional -%}
                {%- do problems.append('unknown field ' ~ key) -%}
            {%- endfor -%}
            {%- for key, allowed in choices.items()
                if row.get(key) is not none and row[key] not in allowed -%}
                {%- do problems.append(key ~ ' must be one of ' ~ allowed) -%}
            {%- endfor -%}
            {%- for key in ['target', 'alert_threshold', 'scale']
                if row.get(key) is not none and row[key] is not number -%}
                {%- do problems.append(key ~ ' must be a number') -%}
            {%- endfor -%}
            {%- for key, least in alert_day_fields().items()
                if row.get(key) is not none
                and not is_whole_days(row[key], least) -%}
                {%- do problems.append(
                    key ~ ' must be a whole number of days >= ' ~ least) -%}
            {%- endfor -%}
            {%- for key in ['kpi_name', 'mart', 'date_column', 'metric']
                if row.get(key) is not none
                and not modules.re.match('^[a-z][a-z0-9_]*$', row[key] | string) -%}
                {%- do problems.append(key ~ ' must be a lower-case identifier') -%}
            {%- endfor -%}
            {%- for key, value in row.items()
                if value is string and ("'" in value or '\\' in value) -%}
                {#- the texts become SQL literals on every engine -#}
                {%- do problems.append(key ~ ' must not contain a quote or backslash') -%}
            {%- endfor -%}
            {%- if name in seen -%}
                {%- do problems.append('kpi_name appears twice') -%}
            {%- endif -%}
        {%- endif -%}
        {%- if problems -%}
            {{ exceptions.raise_compiler_error(
                "var kpi_catalogue, KPI " ~ name ~ ": " ~ problems | join('; ')) }}
        {%- endif -%}
        {%- do seen.append(name) -%}
        {%- set filled = dict(optional) -%}
        {%- do filled.update(row) -%}
        {%- do rows.append(filled) -%}
    {%- endfor -%}
    {{ return(rows) }}
{%- endmacro %}


{% macro kpi_target_overrides() -%}
    {#- var kpi_target_overrides, checked: {kpi_name: {target or
        alert_threshold: number; maturity_days or alert_window_days: whole
        days}}. -#}
    {%- set overrides = var('kpi_target_overrides', {}) -%}
    {%- set days = alert_day_fields() -%}
    {%- for kpi, values in overrides.items() -%}
        {%- for column in overridable_fields() if column in values -%}
            {%- if not modules.re.match('^[a-z_]+$', kpi | string)
                or (column in days and not is_whole_days(values[column], days[column]))
                or (column not in days and values[column] is not number) -%}
                {{ exceptions.raise_compiler_error(
                    "var kpi_target_overrides needs {kpi_name: {target or "
                    ~ "alert_threshold: number; maturity_days (>= 0) or "
                    ~ "alert_window_days (>= 1): whole days}}, got "
                    ~ kpi ~ ": " ~ values) }}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(overrides) }}
{%- endmacro %}


{% macro overridable_fields() -%}
    {#- The catalogue fields var kpi_target_overrides may change. -#}
    {{ return(['target', 'alert_threshold', 'maturity_days', 'alert_window_days']) }}
{%- endmacro %}


{% macro alert_day_fields() -%}
    {#- The catalogue's whole-day fields and their least value. -#}
    {{ return({'maturity_days': 0, 'alert_window_days': 1}) }}
{%- endmacro %}


{% macro is_whole_days(value, least) -%}
    {#- True for an integer (not a boolean, not 7.0) of at least `least`. -#}
    {{ return(value is integer and value is not boolean and value >= least) }}
{%- endmacro %}


{% macro catalogue_row(kpi, overrides) -%}
    {#- One row of the table kpi_catalogue: a select of the KPI's fields as
        typed literals, target and alert_threshold from `overrides` when it
        holds them (the KPI's entry of var kpi_target_overrides). -#}
    {%- set row = dict(kpi) -%}
    {%- for column in overridable_fields() if column in overrides -%}
        {%- do row.update({column: overrides[column]}) -%}
    {%- endfor -%}
    {%- set columns = [
        'kpi_name', 'label', 'owner_role', 'unit', 'direction', 'target',
        'alert_threshold', 'mart', 'date_column', 'numerator', 'denominator',
        'scale', 'row_filter', 'metric', 'formula', 'maturity_days',
        'alert_window_days',
    ] -%}
    select
    {%- for column in columns %}
        {%- if column in alert_day_fields() %}
        cast({{ row[column] }} as int) as {{ column }}
        {%- else %}
        {{ catalogue_literal(row[column]) }} as {{ column }}
        {%- endif %}
        {{- ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}


{% macro catalogue_literal(value) -%}
    {#- A catalogue value as a typed SQL literal: text, a double or NULL. -#}
    {%- if value is none -%}
        cast(null as {{ dbt.type_string() }})
    {%- elif value is number -%}
        cast({{ value }} as {{ type_double() }})
    {%- else -%}
        '{{ value }}'
    {%- endif -%}
{%- endmacro %}
