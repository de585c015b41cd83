{#- The rules of the generic test row_rules (tests/generic/row_rules.sql),
    turned into SQL conditions. Macros here, because dbt does not read
    macros from a generic test's file. -#}

{% macro row_rules_checks(model, not_null, accepted_values, ranges, expressions, ratios) -%}
    {#- The rules of row_rules as [{kind, subject, broken}], `broken` the
        SQL condition under which a row breaks the rule; a ratio also has
        `expected`, its expected value, computed once per row as the column
        `expected_name`. A rule written in a shape this macro does not know
        is an error, never a check skipped. -#}
    {%- set where_am_i = "row_rules on " ~ model -%}
    {%- set rules = [] -%}
    {%- for column in _row_rules_list(not_null, where_am_i ~ ": not_null") -%}
        {%- do rules.append({'kind': 'not_null', 'subject': column,
            'broken': column ~ ' is null'}) -%}
    {%- endfor -%}
    {%- for column, values in _row_rules_mapping(accepted_values, where_am_i ~ ": accepted_values").items() -%}
        {%- set listed = _row_rules_list(values, where_am_i ~ ": accepted_values of " ~ column) -%}
        {#- sql_string_list writes ['a', 'b']: its items go into `in (...)` -#}
        {%- do rules.append({'kind': 'accepted_values', 'subject': column,
            'broken': column ~ ' not in (' ~ sql_string_list(listed)[1:-1] ~ ')'}) -%}
    {%- endfor -%}
    {%- for column, bounds in _row_rules_mapping(ranges, where_am_i ~ ": ranges").items() -%}
        {%- set bounds = _row_rules_options(bounds, ['min_value', 'max_value', 'inclusive'],
            where_am_i ~ ": range of " ~ column) -%}
        {%- if bounds.get('min_value') is none and bounds.get('max_value') is none -%}
            {{ exceptions.raise_compiler_error(
                where_am_i ~ ": the range of " ~ column ~ " needs min_value, max_value or both") }}
        {%- endif -%}
        {%- do rules.append({'kind': 'range', 'subject': column,
            'broken': column ~ ' is not null and not ('
                ~ _row_rules_within(column, bounds.get('min_value'), bounds.get('max_value'),
                    bounds.get('inclusive', true)) ~ ')'}) -%}
    {%- endfor -%}
    {%- for item in _row_rules_list(expressions, where_am_i ~ ": expressions") -%}
        {%- set item = {'expression': item} if item is string else item -%}
        {%- set item = _row_rules_options(item, ['expression', 'where'],
            where_am_i ~ ": expression " ~ item) -%}
        {%- if not item.get('expression') -%}
            {{ exceptions.raise_compiler_error(where_am_i ~ ": an expression needs `expression`") }}
        {%- endif -%}
        {%- set broken = 'coalesce(not (' ~ item.expression ~ '), true)' -%}
        {%- if item.get('where') -%}
            {%- set broken = '(' ~ item.where ~ ') and ' ~ broken -%}
        {%- endif -%}
        {%- do rules.append({'kind': 'expression', 'subject': item.expression, 'broken': broken}) -%}
    {%- endfor -%}
    {%- for column, ratio in _row_rules_mapping(ratios, where_am_i ~ ": ratios").items() -%}
        {%- set ratio = _row_rules_options(ratio,
            ['numerator', 'denominator', 'scale', 'min_value', 'max_value', 'tolerance'],
            where_am_i ~ ": ratio " ~ column) -%}
        {%- if not ratio.get('numerator') or not ratio.get('denominator') -%}
            {{ exceptions.raise_compiler_error(
                where_am_i ~ ": the ratio " ~ column ~ " needs numerator and denominator") }}
        {%- endif -%}
        {%- set expected_name = 'row_rules_expected__' ~ column -%}
        {%- do rules.append({'kind': 'ratio', 'subject': column,
            'expected': _row_rules_ratio_expected(ratio), 'expected_name': expected_name,
            'broken': _row_rules_ratio_broken(column, expected_name, ratio)}) -%}
    {%- endfor -%}
    {%- if rules | length == 0 -%}
        {{ exceptions.raise_compiler_error(where_am_i ~ ": no rule given") }}
    {%- endif -%}
    {{ return(rules) }}
{%- endmacro %}


{% macro _row_rules_ratio_expected(ratio) -%}
    {#- scale * numerator / denominator as a double, NULL when the
        denominator is 0 or NULL -#}
    {%- set num = 'cast((' ~ ratio.numerator ~ ') as double)' -%}
    {%- set den = 'cast((' ~ ratio.denominator ~ ') as double)' -%}
    case when coalesce({{ den }}, 0) != 0 then {{ ratio.get('scale', 1) }} * {{ num }} / {{ den }} end
{%- endmacro %}


{% macro _row_rules_ratio_broken(column, expected, ratio) -%}
    {#- A row breaks a ratio when the stored value and the expected one
        (the column `expected`) disagree: one NULL and not the other, or
        apart by more than the relative tolerance; or when the value is out
        of bounds. -#}
    ({{ expected }} is null) != ({{ column }} is null)
    or abs({{ column }} - {{ expected }})
    > {{ ratio.get('tolerance', 0.000001) }} * greatest(1, abs({{ expected }}))
    {%- if ratio.get('min_value') is not none or ratio.get('max_value') is not none %}
    or not ({{ _row_rules_within(column, ratio.get('min_value'), ratio.get('max_value'), true) }})
    {%- endif -%}
{%- endmacro %}


{% macro _row_rules_within(column, min_value, max_value, inclusive) -%}
    {%- set bounds = [] -%}
    {%- if min_value is not none -%}
        {%- do bounds.append(column ~ (' >= ' if inclusive else ' > ') ~ min_value) -%}
    {%- endif -%}
    {%- if max_value is not none -%}
        {%- do bounds.append(column ~ (' <= ' if inclusive else ' < ') ~ max_value) -%}
    {%- endif -%}
    {{- bounds | join(' and ') -}}
{%- endmacro %}


{% macro _row_rules_list(value, where_am_i) -%}
    {%- if value is none -%}
        {{ return([]) }}
    {%- elif value is string or value is mapping or value is not iterable or value | length == 0 -%}
        {{ exceptions.raise_compiler_error(where_am_i ~ " must be a non-empty list") }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}


{% macro _row_rules_mapping(value, where_am_i) -%}
    {%- if value is none -%}
        {{ return({}) }}
    {%- elif value is not mapping or value | length == 0 -%}
        {{ exceptions.raise_compiler_error(where_am_i ~ " must be a non-empty mapping of column to rule") }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}


{% macro _row_rules_options(value, known, where_am_i) -%}
    {%- if value is not mapping -%}
        {{ exceptions.raise_compiler_error(where_am_i ~ " must be a mapping of " ~ known | join(', ')) }}
    {%- endif -%}
    {%- for key in value -%}
        {%- if key not in known -%}
            {{ exceptions.raise_compiler_error(
                where_am_i ~ ": unknown option " ~ key ~ " (known: " ~ known | join(', ') ~ ")") }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(value) }}
{%- endmacro %}
