-- Where every landed GA4 row went (D84), one row per landed table, outcome,
-- contract table and reason: an event is `mapped` (the first of its
-- session: the session's row), `merged` (the session's other events) or
-- set aside. An item is `mapped` (a product view) or set aside. Counts
-- only. (Sessions no channel rule matched, GA4's Unassigned, are counted by
-- ga4_bigquery__sessions.ga4_channel_group.)
with

events as (

    select * from {{ ref('ga4_bigquery__event_context') }}

),

items as (

    select * from {{ ref('ga4_bigquery__item_context') }}

),

classified as (

    select
        'events' as landed_table,
        case
            when events.set_aside_reason is not null then 'set_aside'
            when events.is_session_first then 'mapped'
            else 'merged'
        end as outcome,
        'sessions' as contract_table,
        events.set_aside_reason as reason
    from events
    union all
    select
        'event_items' as landed_table,
        case
            when set_aside_reason is null then 'mapped' else 'set_aside'
        end as outcome,
        'product_views' as contract_table,
        set_aside_reason as reason
    from items

),

final as (

    select
        'ga4_bigquery' as adapter,
        landed_table,
        outcome,
        contract_table,
        reason,
        count(*) as landed_rows
    from classified
    group by all

)

select * from final
