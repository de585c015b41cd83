{#- Google Ads facts shared by the adapters that read it (D80): the
    google_ads_fivetran adapter, and the GA4 adapter that links a session's
    gclid / utm_id to the same campaign. -#}

{% macro google_ads_campaign_id(expression) -%}
    {#- A Google Ads campaign's id in the raw contract: `google_ads:` and
        the numeric campaign id (`google_ads:21000000001`); NULL when
        empty. The one rule every adapter that names a Google Ads campaign
        calls. -#}
    {{ contract_id('google_ads', expression) }}
{%- endmacro %}


{% macro google_ads_channel_types() -%}
    {#- Google Ads' advertising_channel_type -> the contract's session
        channel and campaign objective (D80). A type not listed (UNKNOWN,
        UNSPECIFIED, MULTI_CHANNEL, a type Google adds later) has no
        channel: its campaign is quarantined by name. -#}
    {{ return({
        'SEARCH': ['paid_search', 'conversion'],
        'SHOPPING': ['paid_search', 'conversion'],
        'PERFORMANCE_MAX': ['paid_search', 'conversion'],
        'SMART': ['paid_search', 'conversion'],
        'HOTEL': ['paid_search', 'conversion'],
        'TRAVEL': ['paid_search', 'conversion'],
        'LOCAL_SERVICES': ['paid_search', 'conversion'],
        'DISPLAY': ['display', 'consideration'],
        'DISCOVERY': ['display', 'consideration'],
        'DEMAND_GEN': ['display', 'consideration'],
        'LOCAL': ['display', 'consideration'],
        'VIDEO': ['display', 'awareness'],
    }) }}
{%- endmacro %}


{% macro google_ads_channel_type_case(expression, position) -%}
    {#- The channel (`position` 0) or objective (1) of an upper-cased
        advertising_channel_type `expression`; NULL for a type without
        one. -#}
    case {{ expression }}
        {%- for channel_type, mapped in google_ads_channel_types().items() %}
            when '{{ channel_type }}' then '{{ mapped[position] }}'
        {%- endfor %}
    end
{%- endmacro %}


{% macro warn_if_account_timezone_differs(adapter_name, accounts, relation=none) -%}
    {#- A run-time warning for every ad account whose time zone is not var
        reporting_timezone (D80): the platform's report dates are the
        account's local days and are used as they are (daily rows cannot be
        shifted). `accounts`: a relation, or a query in parentheses, with
        columns account_id and time_zone; `relation`: the relation such a
        query reads. Nothing at parse time, in unit tests, or while the
        relation does not exist yet (a compile before the first build). -#}
    {%- if not execute or (model is mapping and model.get('resource_type') == 'unit_test') -%}
        {{ return('') }}
    {%- endif -%}
    {%- set checked = relation if relation is not none else accounts -%}
    {%- if checked is string or load_relation(checked) is none -%}
        {{ return('') }}
    {%- endif -%}
    {%- set found = run_query(
        "select account_id, time_zone from " ~ accounts
        ~ " as accounts where time_zone is not null and time_zone != '"
        ~ reporting_timezone() ~ "' order by account_id") -%}
    {%- for row in found.rows -%}
        {%- do exceptions.warn(
            adapter_name ~ ": ad account " ~ row[0] ~ " reports in time zone "
            ~ row[1] ~ ", not reporting_timezone " ~ reporting_timezone()
            ~ ": its report dates are its own local days, used as they are") -%}
    {%- endfor -%}
    {{ return('') }}
{%- endmacro %}
