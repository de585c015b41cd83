-- One row per landed WooCommerce order: its fate (mapped, or set aside
-- with a reason) and what its lines and refunds need: the UTC time, the
-- local date, the currency and its rate on that date (D74). Status:
-- completed, processing, on-hold and refunded are sales (`completed`; the
-- refunds' lines are returns), cancelled and failed are `cancelled`;
-- pending, checkout-draft, trash and any other status are set aside.
-- Guests (customer_id 0) are keyed by the hash of their billing e-mail.
{%- set store_currency = source_adapter_option(
    'woocommerce', 'store_currency') %}

with

orders as (

    select * from {{ ref('woocommerce__landed_orders') }}

),

rates as (

    select * from {{ ref('stg_finance__fx_rates') }}

),

parsed as (

    select
        {{ landed_text('orders.id') }} as source_order_id,
        orders.dq_file_issue,
        {{ landed_timestamp('orders.date_created_gmt') }} as ordered_at,
        {{ contract_timestamp_text('orders.date_created_gmt') }}
            as ordered_at_text,
        lower({{ landed_text('orders.status') }}) as source_status,
        coalesce(
            {{ landed_number('orders.customer_id') }} = 0,
            {{ landed_text('orders.customer_id') }} is null
        ) as is_guest,
        {{ landed_text('orders.customer_id') }} as source_customer_id,
        {{ hash_pii(landed_json_text('orders.billing', '$.email')) }}
            as guest_email_hash,
        upper({{ landed_json_text('orders.billing', '$.country') }})
            as billing_country,
        {{ landed_json_text('orders.billing', '$.company') }} is not null
            as has_billing_company,
        upper(coalesce(
            {{ landed_text('orders.currency') }},
            nullif({{ sql_string(store_currency) }}, ''),
            '{{ reporting_currency() }}'
        )) as currency,
        {{ landed_number('orders.shipping_total') }} as shipping_total,
        -- the first coupon (the contract has one promotion per order)
        lower({{ landed_json_text('orders.coupon_lines', '$[0].code') }})
            as coupon_code
    from orders

),

dated as (

    select
        *,
        {{ to_local_date('ordered_at') }} as local_date,
        case
            when
                source_status
                in ('completed', 'processing', 'on-hold', 'refunded')
                then 'completed'
            when source_status in ('cancelled', 'failed') then 'cancelled'
        end as status,
        case
            when
                source_status
                in ('completed', 'processing', 'on-hold', 'refunded')
                then null
            when source_status in ('cancelled', 'failed') then null
            when source_status = 'pending' then 'pending payment'
            when source_status = 'checkout-draft'
                then 'checkout draft (an unfinished checkout)'
            when source_status = 'trash' then 'in the trash'
            else 'status not a sale: ' || coalesce(source_status, 'empty')
        end as set_aside_reason
    from parsed

),

final as (

    select
        dated.*,
        case
            when dated.is_guest
                then 'guest:' || dated.guest_email_hash
            else dated.source_customer_id
        end as customer_key,
        {{ fx_rate('dated.currency', 'rates.rate_to_reporting') }} as fx_rate,
        {{ fx_issue(
            'dated.currency',
            fx_rate('dated.currency', 'rates.rate_to_reporting'),
            'dated.local_date'
        ) }} as fx_issue,
        -- a repeated order id (its base model quarantines the copies): the
        -- order's lines and refunds follow the first copy only
        row_number() over (
            partition by dated.source_order_id
            order by dated.ordered_at, dated.ordered_at_text
        ) = 1 as is_first_of_id,
        -- the guest's customer row is made from this order
        dated.is_guest
        and dated.set_aside_reason is null
        and dated.guest_email_hash is not null
        and row_number() over (
            partition by
                dated.is_guest,
                dated.set_aside_reason is null,
                dated.guest_email_hash
            -- a time that is no time last: the customer takes a valid one
            order by dated.ordered_at nulls last, dated.source_order_id
        ) = 1 as is_guest_first_order
    from dated
    left join rates
        on
            dated.currency = rates.currency
            and dated.local_date = rates.rate_date

)

select * from final
