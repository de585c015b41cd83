-- Klaviyo's e-mail events as raw contract `email_events` (D83): one row per
-- event klaviyo_fivetran__event_context maps, ids prefixed `klaviyo:`,
-- the recipient as the pseudonymous profile id (never an address).
with

events as (

    select * from {{ ref('klaviyo_fivetran__event_context') }}
    where set_aside_reason is null

),

final as (

    select
        {{ contract_id('klaviyo', 'source_event_id') }} as event_id,
        campaign_id,
        {{ contract_id('klaviyo', 'source_person_id') }} as recipient_id,
        customer_id,
        event_type,
        event_at,
        dq_file_issue
    from events

)

select * from final
