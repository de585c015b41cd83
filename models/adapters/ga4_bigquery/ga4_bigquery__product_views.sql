-- GA4's product views as raw contract `product_views` (D84): one row per
-- item of a kept `view_item` event (ga4_bigquery__item_context), keyed by
-- the event and the item's position, at the event's time floored to the
-- second.
with

items as (

    select * from {{ ref('ga4_bigquery__item_context') }}
    where set_aside_reason is null

),

final as (

    select
        'ga4:' || event_key || ':' || cast(item_index as varchar) as view_id,
        session_id,
        product_id,
        {{ ga4_timestamp_text('event_micros') }} as viewed_at,
        cast(null as varchar) as dq_file_issue
    from items

)

select * from final
