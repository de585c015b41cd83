-- Shopify customers as raw contract `customers` (D71). Customers deleted
-- in Shopify are kept: their orders remain and reference them. The
-- country is the default address's; a customer is b2b when one of their
-- tags is the adapter option b2b_tag (default `b2b`), else b2c.
-- A view: the e-mail stays in clear text only in the loader's table and
-- the landed input of staging, which hashes it.
{{ config(materialized='view') }}
{%- set b2b_tag = source_adapter_option('shopify_fivetran', 'b2b_tag') %}

with

customers as (

    select * from {{ ref('shopify_fivetran__landed_customer') }}

),

default_addresses as (

    select
        {{ landed_text('customer_id') }} as source_customer_id,
        max(upper({{ landed_text('country_code') }})) as country_code
    from {{ ref('shopify_fivetran__landed_customer_address') }}
    where coalesce({{ landed_bool('is_default') }}, false)
    group by 1

),

b2b_customers as (

    select distinct {{ landed_text('customer_id') }} as source_customer_id
    from {{ ref('shopify_fivetran__landed_customer_tag') }}
    where
        lower({{ landed_text('value') }})
        = lower(
            {{ sql_string(b2b_tag) }}
        )

),

final as (

    select
        {{ contract_id('shopify', 'customers.id') }} as customer_id,
        {{ landed_text('customers.email') }} as email,
        case
            when b2b_customers.source_customer_id is not null then 'b2b'
            else 'b2c'
        end as customer_type,
        default_addresses.country_code,
        {{ contract_timestamp_text('customers.created_at') }} as created_at,
        customers.dq_file_issue
    from customers
    left join default_addresses
        on
            {{ landed_text('customers.id') }}
            = default_addresses.source_customer_id
    left join b2b_customers
        on {{ landed_text('customers.id') }} = b2b_customers.source_customer_id

)

select * from final
