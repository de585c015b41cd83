-- The order link (D85): one row per order id a GA4 purchase names, with the
-- session of the transaction's first purchase event (a purchase sent again,
-- e.g. from a reloaded thank-you page, does not move the order).
-- Option transaction_ids: `order_id`, the id as the raw orders hold it or a
-- shop adapter's id without its platform prefix; `order_name`, the name or
-- number the shop shows, looked up in its landed orders. raw_source joins
-- it to the orders (ga4_order_link); a consent-mode purchase has no session.
{%- set key = ga4_transaction_key() %}
with

events as (

    select * from {{ ref('ga4_bigquery__event_context') }}

),

purchases as (

    select
        transaction_id,
        session_id,
        event_micros,
        row_number() over (
            partition by transaction_id
            order by event_micros, event_key
        ) as purchase_number
    from events
    where
        event_name = 'purchase'
        and set_aside_reason is null
        and dq_file_issue is null
        and transaction_id is not null
        and transaction_id != '(not set)'

),

first_purchases as (

    select
        transaction_id,
        session_id,
        event_micros
    from purchases
    where purchase_number = 1

),

order_names as (

    select * from {{ ga4_order_names() }} as order_names

),

prefixes as (

    select prefixes.id_prefix
    from {{ ga4_order_prefixes() }} as prefixes (id_prefix)

),

candidates as (

    select
        prefixes.id_prefix || first_purchases.transaction_id as order_id,
        first_purchases.transaction_id,
        first_purchases.session_id,
        first_purchases.event_micros
    from first_purchases
    cross join prefixes
    where '{{ key }}' = 'order_id'
    union all
    select
        order_names.order_id,
        first_purchases.transaction_id,
        first_purchases.session_id,
        first_purchases.event_micros
    from first_purchases
    inner join order_names
        on first_purchases.transaction_id = order_names.order_name
    where '{{ key }}' = 'order_name'

),

ranked as (

    select
        *,
        row_number() over (
            partition by order_id
            order by event_micros, transaction_id
        ) as order_number
    from candidates

),

final as (

    select
        order_id,
        transaction_id,
        session_id
    from ranked
    where order_number = 1

)

select * from final
