-- One row per landed item of a GA4 event (D84) with its fate decided once:
-- an item of a kept `view_item` event is a product view. Set aside, each
-- with its reason: an item of an events_intraday_ file, the second copy of
-- an event exported twice, an item of an event set aside, and an item of
-- any other event (add_to_cart, purchase, ...: not a product view), and,
-- in a build without products (GA4 only, macro ga4_build_has_products),
-- every view.
{%- set prefix = ga4_product_prefix() %}
with

items as (

    select * from {{ ref('ga4_bigquery__landed_event_items') }}

),

events as (

    select * from {{ ref('ga4_bigquery__event_context') }}
    where not is_intraday and not is_duplicate

),

ranked as (

    select
        *,
        {{ ga4_is_intraday('landed_file') }} as is_intraday,
        row_number() over (
            partition by
                event_key, item_index, {{ ga4_is_intraday('landed_file') }}
            order by landed_file
        ) > 1 as is_duplicate
    from items

),

final as (

    select
        ranked.event_key,
        ranked.item_index,
        events.session_id,
        '{{ prefix }}'
        || {{ landed_text('ranked.item_id') }} as product_id,
        events.event_micros,
        case
            when ranked.is_intraday
                then 'an events_intraday_ file (the daily table replaces it)'
            when ranked.is_duplicate
                then 'a duplicate event (exported twice)'
            when events.set_aside_reason is not null
                then 'event set aside: ' || events.set_aside_reason
            when coalesce(events.event_name, '') != 'view_item'
                then 'not a view_item event'
            when {{ 'false' if ga4_build_has_products() else 'true' }}
                then 'no products in this build (GA4 only)'
        end as set_aside_reason
    from ranked
    left join events
        on ranked.event_key = events.event_key

)

select * from final
