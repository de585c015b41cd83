{#- Reading the loaders' values (landed as text by landed_table) and
    writing the raw contract's text (D71). -#}

{% macro landed_text(expression) -%}
    {#- Trimmed text; NULL when empty. -#}
    nullif(trim({{ expression }}), '')
{%- endmacro %}


{% macro landed_bool(expression) -%}
    {#- A loader's boolean as text (true/false, t/f, 1/0, yes/no, any
        case) as a boolean; NULL when empty or anything else. -#}
    case
        when lower(trim({{ expression }})) in ('true', 't', '1', 'yes', 'y') then true
        when lower(trim({{ expression }})) in ('false', 'f', '0', 'no', 'n') then false
    end
{%- endmacro %}


{% macro landed_number(expression) -%}
    {#- A loader's number as decimal(38, 9); NULL when it is no number. -#}
    try_cast(trim({{ expression }}) as decimal(38, 9))
{%- endmacro %}


{% macro landed_timestamp(expression) -%}
    {#- A loader's time as a UTC timestamp: with an offset or Z
        (`2025-03-01T10:00:00+01:00`, a TIMESTAMPTZ cast to text), converted
        to UTC; without one, already UTC (Fivetran, Airbyte and dlt land UTC).
        Fractions of a second are cut, as the raw contract has whole
        seconds. NULL when it is no time. -#}
    date_trunc('second', case
        when regexp_matches(trim({{ expression }}), '([+-][0-9]{2}(:?[0-9]{2})?|[Zz])$')
            then try_cast(trim({{ expression }}) as timestamptz) at time zone 'UTC'
        else try_cast(trim({{ expression }}) as timestamp)
    end)
{%- endmacro %}


{% macro contract_timestamp_text(expression) -%}
    {#- The raw contract's text of a landed time (`YYYY-MM-DD HH:MM:SS`,
        UTC); a value that is no time is passed on as landed, so that the
        base model quarantines it as `not a valid timestamp`. -#}
    coalesce(
        strftime({{ landed_timestamp(expression) }}, '%Y-%m-%d %H:%M:%S'),
        {{ landed_text(expression) }}
    )
{%- endmacro %}


{% macro contract_money_text(expression) -%}
    {#- The raw contract's text of an amount: rounded to cents (half away
        from zero), e.g. `12.50`. -#}
    cast(
        cast(round(cast({{ expression }} as decimal(38, 9)), 2) as decimal(38, 2))
        as varchar
    )
{%- endmacro %}


{% macro contract_id(platform, expression) -%}
    {#- A platform's id in the raw contract: prefixed by the platform
        (`shopify:450789469`), so that two sources of one table never
        collide (D71); NULL when empty. -#}
    '{{ platform }}:' || {{ landed_text(expression) }}
{%- endmacro %}


{% macro fx_rate(currency, rate) -%}
    {#- One unit of `currency` in the reporting currency: 1 for the
        reporting currency itself, else `rate` (a left-joined
        fx_rates.rate_to_reporting; NULL without a rate). -#}
    case
        when {{ currency }} = '{{ reporting_currency() }}' then 1
        else {{ rate }}
    end
{%- endmacro %}


{% macro fx_issue(currency, rate, local_date=none) -%}
    {#- The quarantine rule of an amount whose currency has no rate (`rate`,
        from fx_rate, is NULL): on the order's local date, or, for what has
        no date (a product's price), at all. NULL when it converts. -#}
    case
        {%- if local_date is not none %}
            when {{ rate }} is null and {{ local_date }} is not null
                then 'fx_rates: no rate for ' || {{ currency }} || ' on '
                || strftime({{ local_date }}, '%Y-%m-%d')
        {%- else %}
            when {{ rate }} is null
                then 'fx_rates: no rate for ' || {{ currency }}
        {%- endif %}
    end
{%- endmacro %}


{% macro adapter_parent_fate(parent, fates) -%}
    {#- Adapter row accounting: the reason a landed row merged into its
        parent's contract row is set aside (its parent is missing or set
        aside), or NULL when it is merged. `fates`: the left-joined
        relation of the parent's `parent_id` and `set_aside_reason`. -#}
    case
        when {{ fates }}.parent_id is null then 'no landed {{ parent }}'
        when {{ fates }}.set_aside_reason is not null
            then '{{ parent }} set aside: ' || {{ fates }}.set_aside_reason
    end
{%- endmacro %}


{% macro landed_json_text(expression, path) -%}
    {#- One value of a JSON document a loader landed (PyAirbyte's JSON
        columns, as text): the value at `path` (`$.email`, `$[0].code`) as
        trimmed text, strings unquoted; NULL when the path is absent, the
        value is JSON null or empty, or the document is no JSON. -#}
    nullif(trim(
        case
            when json_valid({{ expression }})
                then json_extract_string({{ expression }}, '{{ path }}')
        end
    ), '')
{%- endmacro %}


{% macro landed_json_elements(expression) -%}
    {#- The elements of a JSON array a loader landed (text), as a list of
        JSON values to unnest; empty for NULL, no JSON or no array. -#}
    case
        when
            json_valid({{ expression }})
            and json_type({{ expression }}) = 'ARRAY'
            then json_extract({{ expression }}, '$[*]')
        else []
    end
{%- endmacro %}


{% macro contract_integer_text(expression) -%}
    {#- The raw contract's text of a count a loader landed as a number
        (`2`, `2.000000000` from a DECIMAL column, `-2` of a refund): the
        integer when it is one, else the value as landed, so that the base
        model quarantines it as not a valid integer. -#}
    case
        when {{ landed_number(expression) }} = round({{ landed_number(expression) }})
            then cast(cast({{ landed_number(expression) }} as bigint) as varchar)
        else {{ landed_text(expression) }}
    end
{%- endmacro %}


{% macro landed_json_meta(expression, key) -%}
    {#- The value of the first `{key, value}` element whose key is `key` in
        a landed WooCommerce `meta_data` array (JSON text), as trimmed text;
        NULL when there is none or the text is no JSON array. -#}
    {%- set document = 'case when json_valid(' ~ expression ~ ') then '
        ~ expression ~ ' end' -%}
    nullif(trim(json_extract_string(
        {{ document }},
        '$[' || (list_position(
            json_extract_string({{ document }}, '$[*].key'), '{{ key }}'
        ) - 1) || '].value'
    )), '')
{%- endmacro %}
