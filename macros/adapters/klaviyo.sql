{#- Klaviyo facts of the klaviyo_fivetran adapter (D83). -#}

{% macro klaviyo_email_metrics() -%}
    {#- Klaviyo's e-mail metrics (metric.name, lower case) -> the contract's
        email_events.event_type. Every other metric (Placed Order, Active
        on Site, the SMS metrics, Marked Email as Spam, Dropped Email, ...)
        is no e-mail event of the contract: its events are set aside. -#}
    {{ return({
        'received email': 'delivered',
        'opened email': 'opened',
        'clicked email': 'clicked',
        'bounced email': 'bounced',
        'unsubscribed': 'unsubscribed',
        'unsubscribed from email marketing': 'unsubscribed',
    }) }}
{%- endmacro %}


{% macro klaviyo_event_type_case(expression) -%}
    {#- The contract's event_type of a metric name `expression` (any case,
        spaces trimmed); NULL for a metric that is no e-mail event. -#}
    case lower(trim({{ expression }}))
        {%- for name, event_type in klaviyo_email_metrics().items() %}
            when '{{ name }}' then '{{ event_type }}'
        {%- endfor %}
    end
{%- endmacro %}


{% macro klaviyo_customer_prefix() -%}
    {#- What option `customer_ids` of klaviyo_fivetran says a person's
        external_id is: '' (the default) -> none (no customer link, every
        customer_id NULL); `external_id` -> '' (the shop's customer id as
        the raw tables hold it); `<platform>:external_id` -> `<platform>:`
        (the id of a shop adapter of that platform, e.g. `shopify:`). -#}
    {%- set value = source_adapter_option('klaviyo_fivetran', 'customer_ids') -%}
    {%- set value = '' if value is none else value | string | trim -%}
    {%- if value in ('', 'None') -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if value == 'external_id' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set platforms = [] -%}
    {%- for entry in source_adapter_registry().values()
        if entry.platform not in platforms and entry.platform != 'klaviyo' -%}
        {%- do platforms.append(entry.platform) -%}
    {%- endfor -%}
    {%- set parts = value.split(':') -%}
    {%- if parts | length == 2 and parts[1] == 'external_id' and parts[0] in platforms -%}
        {{ return(parts[0] ~ ':') }}
    {%- endif -%}
    {{ exceptions.raise_compiler_error(
        "var source_adapters: klaviyo_fivetran: option customer_ids must be empty "
        ~ "(no customer link), external_id, or <platform>:external_id with a "
        ~ "platform of " ~ platforms | sort | join(', ') ~ "; got: " ~ value) }}
{%- endmacro %}
