-- WooCommerce customers as raw contract `customers` (D74): the registered
-- customers, plus one customer per guest e-mail (orders with customer_id
-- 0), keyed `guest:<hash of the e-mail>`, dated and placed by the guest's
-- first order that is not set aside; its e-mail is left empty (the key is
-- its hash already). The country is the billing
-- address's; a customer is b2b when the billing address names a company
-- (adapter option b2b_from_company, default true), else b2c.
-- A view: the e-mail stays in clear text only in the loader's table and
-- the landed input of staging, which hashes it.
{{ config(materialized='view') }}
{%- set b2b_from_company = 'true' if source_adapter_option(
    'woocommerce', 'b2b_from_company') in [true, 'true', 'True'] else 'false' %}

with

customers as (

    select * from {{ ref('woocommerce__landed_customers') }}

),

guest_orders as (

    select * from {{ ref('woocommerce__order_context') }}
    where is_guest_first_order

),

registered as (

    select
        {{ contract_id('woocommerce', 'customers.id') }} as customer_id,
        {{ landed_text('customers.email') }} as email,
        {{ landed_json_text('customers.billing', '$.company') }} is not null
            as has_billing_company,
        upper({{ landed_json_text('customers.billing', '$.country') }})
            as country_code,
        {{ contract_timestamp_text('customers.date_created_gmt') }}
            as created_at,
        customers.dq_file_issue
    from customers

),

guests as (

    select
        {{ contract_id('woocommerce', 'customer_key') }} as customer_id,
        cast(null as varchar) as email,
        has_billing_company,
        billing_country as country_code,
        ordered_at_text as created_at,
        dq_file_issue
    from guest_orders

),

people as (

    select
        customer_id,
        email,
        has_billing_company,
        country_code,
        created_at,
        dq_file_issue
    from registered
    union all
    select
        customer_id,
        email,
        has_billing_company,
        country_code,
        created_at,
        dq_file_issue
    from guests

),

final as (

    select
        customer_id,
        email,
        case
            when {{ b2b_from_company }} and has_billing_company then 'b2b'
            else 'b2c'
        end as customer_type,
        country_code,
        created_at,
        dq_file_issue
    from people

)

select * from final
