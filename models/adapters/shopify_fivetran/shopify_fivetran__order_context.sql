-- One row per landed order: its fate (mapped, or set aside with a reason)
-- and what every table of the order needs: the UTC time, the local date,
-- the shop currency and its rate on that date, whether prices include tax
-- (D71). Orders, lines, refunds and fulfillments all read it.
with

orders as (

    select * from {{ ref('shopify_fivetran__landed_order') }}

),

shop as (

    select * from {{ ref('shopify_fivetran__shop_settings') }}

),

rates as (

    select * from {{ ref('stg_finance__fx_rates') }}

),

parsed as (

    select
        {{ landed_text('orders.id') }} as source_order_id,
        orders.dq_file_issue,
        {{ landed_timestamp('orders.created_at') }} as ordered_at,
        {{ contract_timestamp_text('orders.created_at') }} as ordered_at_text,
        {{ landed_text('orders.customer_id') }} as source_customer_id,
        {{ landed_text('orders.location_id') }} as source_location_id,
        coalesce(
            lower({{ landed_text('orders.source_name') }}) = 'pos', false
        ) as is_store_order,
        {{ landed_text('orders.cancelled_at') }} is not null as is_cancelled,
        -- the shop's money: the order's currency, else the shop's, else
        -- the reporting currency (a shop that never set one)
        upper(coalesce(
            {{ landed_text('orders.currency_code') }},
            {{ landed_text('orders.currency') }},
            shop.currency,
            '{{ reporting_currency() }}'
        )) as currency,
        coalesce(
            {{ landed_bool('orders.taxes_included') }},
            shop.taxes_included,
            false
        ) as taxes_included,
        case
            when coalesce({{ landed_bool('orders.test') }}, false)
                then 'test order'
            when coalesce({{ landed_bool('orders._fivetran_deleted') }}, false)
                then 'deleted in Shopify'
        end as set_aside_reason
    from orders
    left join shop on true

),

dated as (

    select
        *,
        {{ to_local_date('ordered_at') }} as local_date
    from parsed

),

final as (

    select
        dated.*,
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
        ) = 1 as is_first_of_id
    from dated
    left join rates
        on
            dated.currency = rates.currency
            and dated.local_date = rates.rate_date

)

select * from final
