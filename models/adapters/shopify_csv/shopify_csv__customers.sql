-- The customers of Shopify's orders export as raw contract `customers`
-- (D73). The export has no customer id: a customer is an e-mail address,
-- keyed by its salted hash (macro hash_pii, as staging hashes e-mails),
-- written from their first order: their country is its billing (else
-- shipping) country, and they were created at their first order's time.
-- A customer is b2b when one of their orders carries the tag of the
-- option b2b_tag (default `b2b`, any case).
-- A view: the e-mail stays in clear text only in the export and the
-- landed input of staging, which hashes it.
{{ config(materialized='view') }}
{%- set b2b_tag = source_adapter_option('shopify_csv', 'b2b_tag') %}

with

emails as (

    select
        {{ contract_id('shopify', hash_pii(landed_text('email'))) }}
            as customer_id,
        min({{ landed_text('email') }}) as email
    from {{ ref('shopify_csv__landed_orders_export') }}
    group by 1

),

orders as (

    select * from {{ ref('shopify_csv__order_context') }}
    where customer_id is not null

),

customer_orders as (

    select
        customer_id,
        min(ordered_at) as first_ordered_at,
        -- the tags as `,a,b,`: a tag is matched whole, in any case
        bool_or(
            ','
            || lower(regexp_replace(coalesce(tags, ''), '\s*,\s*', ',', 'g'))
            || ',' like '%,' || lower({{ sql_string(b2b_tag) }}) || ',%'
        ) as is_b2b
    from orders
    group by 1

),

final as (

    select
        orders.customer_id,
        emails.email,
        case when customer_orders.is_b2b then 'b2b' else 'b2c' end
            as customer_type,
        orders.country_code,
        coalesce(
            strftime(customer_orders.first_ordered_at, '%Y-%m-%d %H:%M:%S'),
            orders.ordered_at_text
        ) as created_at,
        orders.dq_file_issue
    from orders
    inner join customer_orders
        on orders.customer_id = customer_orders.customer_id
    inner join emails on orders.customer_id = emails.customer_id
    where orders.is_customer_source

)

select * from final
