-- One row per order of the export (its first row, which carries the
-- order's fields; D73): the UTC time (the shop's offset converted), the
-- local date, the currency and its rate on that date, whether prices
-- include tax (read from the totals), the customer (a salted hash of the
-- e-mail) and the order-level discount the lines do not show. Orders and
-- their lines, customers and stores all read it.
{%- set shop_currency = source_adapter_option('shopify_csv', 'shop_currency') %}

with

landed as (

    select * from {{ ref('shopify_csv__landed_orders_export') }}

),

rates as (

    select * from {{ ref('stg_finance__fx_rates') }}

),

order_rows as (

    -- the first row of an order: the only one with the order's fields
    select *
    from landed
    where
        coalesce(
            {{ landed_text('currency') }},
            {{ landed_text('total') }},
            {{ landed_text('financial_status') }}
        ) is not null

),

lines as (

    select
        {{ landed_text('name') }} as source_order_id,
        sum(coalesce({{ landed_number('lineitem_discount') }}, 0))
            as line_discounts,
        sum(
            {{ landed_number('lineitem_quantity') }}
            * {{ landed_number('lineitem_price') }}
            - coalesce({{ landed_number('lineitem_discount') }}, 0)
        ) as lines_after_line_discounts
    from landed
    group by 1

),

parsed as (

    select
        {{ landed_text('order_rows.name') }} as source_order_id,
        order_rows.dq_file_issue,
        -- `2025-04-04 15:42:08 -0700`: the offset without its space is one
        -- the time parser reads
        regexp_replace(
            trim(order_rows.created_at), ' ([+-][0-9]{4})$', '\1'
        ) as created_at_offset,
        {{ landed_text('order_rows.created_at') }} as created_at,
        -- only its hash leaves this model; the clear-text e-mail stays in
        -- the export (PII)
        {{ contract_id('shopify', hash_pii(landed_text('order_rows.email'))) }}
            as customer_id,
        upper(coalesce(
            {{ landed_text('order_rows.billing_country') }},
            {{ landed_text('order_rows.shipping_country') }}
        )) as country_code,
        {{ landed_text('order_rows.tags') }} as tags,
        coalesce(
            lower({{ landed_text('order_rows.source') }}) = 'pos', false
        ) as is_store_order,
        {{ landed_text('order_rows.location') }} as location,
        {{ landed_text('order_rows.cancelled_at') }} is not null
            as is_cancelled,
        upper(coalesce(
            {{ landed_text('order_rows.currency') }},
            {{ sql_string(shop_currency) if shop_currency else 'null' }},
            '{{ reporting_currency() }}'
        )) as currency,
        coalesce({{ landed_number('order_rows.subtotal') }}, 0) as subtotal,
        coalesce({{ landed_number('order_rows.shipping') }}, 0) as shipping,
        coalesce({{ landed_number('order_rows.taxes') }}, 0) as taxes,
        coalesce({{ landed_number('order_rows.duties') }}, 0) as duties,
        {{ landed_number('order_rows.total') }} as total,
        coalesce({{ landed_number('order_rows.discount_amount') }}, 0)
            as discount_amount
    from order_rows

),

dated as (

    select
        parsed.*,
        {{ landed_timestamp('created_at_offset') }} as ordered_at,
        -- a time that is no time is passed on as exported, so that the base
        -- model quarantines it as `not a valid timestamp`
        coalesce(
            strftime(
                {{ landed_timestamp('created_at_offset') }}, '%Y-%m-%d %H:%M:%S'
            ),
            parsed.created_at
        ) as ordered_at_text,
        -- the export has no "taxes included": prices include tax when the
        -- total is subtotal and shipping (and duties) without the taxes
        coalesce(
            parsed.taxes > 0
            and parsed.total
            = parsed.subtotal + parsed.shipping + parsed.duties,
            false
        ) as taxes_included,
        count(*) over (partition by parsed.source_order_id) as order_rows
    from parsed

),

ranked as (

    select
        *,
        -- an order exported twice: its lines, customer and store follow
        -- the first copy only
        row_number() over (
            partition by source_order_id
            order by ordered_at, ordered_at_text
        ) = 1 as is_first_of_id
    from dated

),

final as (

    select
        dated.*,
        {{ to_local_date('dated.ordered_at') }} as local_date,
        {{ fx_rate('dated.currency', 'rates.rate_to_reporting') }} as fx_rate,
        {{ fx_issue(
            'dated.currency',
            fx_rate('dated.currency', 'rates.rate_to_reporting'),
            to_local_date('dated.ordered_at')
        ) }} as fx_issue,
        -- the share of an amount that is not tax: one rate for goods and
        -- shipping (1 when prices exclude tax)
        case
            when dated.taxes_included and dated.subtotal + dated.shipping > 0
                then
                    (dated.subtotal + dated.shipping - dated.taxes)
                    / (dated.subtotal + dated.shipping)
            else 1
        end as net_share,
        -- the order's discount that no line shows (a code, an automatic
        -- discount of the order): spread over the lines by their amount
        greatest(
            dated.discount_amount - coalesce(lines.line_discounts, 0), 0
        ) as order_level_discount,
        lines.lines_after_line_discounts,
        -- the row a customer (their first order) and a store (its first POS
        -- order) are written from
        dated.is_first_of_id
        and dated.customer_id is not null
        and row_number() over (
            partition by dated.is_first_of_id, dated.customer_id
            order by
                dated.ordered_at nulls last, dated.ordered_at_text,
                dated.source_order_id
        ) = 1 as is_customer_source,
        dated.is_first_of_id
        and dated.is_store_order
        and dated.location is not null
        and row_number() over (
            partition by
                dated.is_first_of_id, dated.is_store_order, dated.location
            order by dated.source_order_id
        ) = 1 as is_store_source,
        case
            when dated.order_rows > 1
                then
                    'orders_export: order '
                    || dated.source_order_id
                    || ' exported more than once (overlapping exports)'
        end as export_issue
    from ranked as dated
    left join rates
        on
            dated.currency = rates.currency
            and {{ to_local_date('dated.ordered_at') }} = rates.rate_date
    left join lines on dated.source_order_id = lines.source_order_id

)

select * from final
