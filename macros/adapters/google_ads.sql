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
