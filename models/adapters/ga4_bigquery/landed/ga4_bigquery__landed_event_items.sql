-- The export's repeated `items` record as a table of its own: one row per
-- item of every landed event (1-based item_index), keyed to its event by
-- ga4_event_key, so that each item is accounted for as each event is
with

events as (

    select * from {{ ref('ga4_bigquery__landed_events') }}

),

keyed as (

    select
        {{ ga4_event_key('events') }} as event_key,
        events.landed_file,
        events.items,
        unnest(generate_series(1, len(events.items))) as item_index
    from events
    where len(events.items) > 0

),

final as (

    select
        event_key,
        landed_file,
        item_index,
        struct_extract(list_extract(items, item_index), 'item_id') as item_id
    from keyed

)

select * from final
