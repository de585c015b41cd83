-- Where every landed Klaviyo row went (D83), one row per landed table,
-- outcome, contract table and reason: a campaign or flow is `mapped`
-- (campaigns) or set aside; an event is `mapped` (email_events) or set
-- aside; a metric or profile that email_events reads is `merged` into it,
-- the others set aside. Counts only: no profile's data is shown.
with

campaigns as (

    select * from {{ ref('klaviyo_fivetran__campaign_context') }}

),

events as (

    select * from {{ ref('klaviyo_fivetran__event_context') }}

),

metrics as (

    select * from {{ ref('klaviyo_fivetran__metric_context') }}

),

persons as (

    select * from {{ ref('klaviyo_fivetran__person_context') }}

),

classified as (

    select
        landed_table,
        case
            when set_aside_reason is null then 'mapped' else 'set_aside'
        end as outcome,
        'campaigns' as contract_table,
        set_aside_reason as reason
    from campaigns
    union all
    select
        'event' as landed_table,
        case
            when set_aside_reason is null then 'mapped' else 'set_aside'
        end as outcome,
        'email_events' as contract_table,
        set_aside_reason as reason
    from events
    union all
    select
        'metric' as landed_table,
        case
            when set_aside_reason is null then 'merged' else 'set_aside'
        end as outcome,
        'email_events' as contract_table,
        set_aside_reason as reason
    from metrics
    union all
    select
        'person' as landed_table,
        case
            when set_aside_reason is null then 'merged' else 'set_aside'
        end as outcome,
        'email_events' as contract_table,
        set_aside_reason as reason
    from persons

),

final as (

    select
        'klaviyo_fivetran' as adapter,
        landed_table,
        outcome,
        contract_table,
        reason,
        count(*) as landed_rows
    from classified
    group by all

)

select * from final
