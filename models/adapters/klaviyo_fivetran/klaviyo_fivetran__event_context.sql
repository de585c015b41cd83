-- One row per landed Klaviyo event (D83), with its fate decided once: an
-- event of an e-mail metric (Received, Opened, Clicked, Bounced Email,
-- Unsubscribed) of a campaign or flow becomes an email_events row;
-- several opens of one recipient stay several rows (the mart counts
-- recipients). Set aside, each with its reason: an older sync of a
-- repeated event id, an event deleted in Klaviyo, an event of a metric
-- that is no e-mail event (or is set aside), one of neither a campaign nor
-- a flow, one of a campaign set aside (an SMS campaign) and one of a
-- profile deleted in Klaviyo. An event of a metric that was never landed
-- is mapped and quarantined by name (its dq_file_issue).
with

events as (

    select * from {{ ref('klaviyo_fivetran__landed_event') }}

),

metrics as (

    select * from {{ ref('klaviyo_fivetran__metric_context') }}
    where not is_repeated

),

persons as (

    select * from {{ ref('klaviyo_fivetran__person_context') }}
    where not is_repeated

),

campaigns as (

    select * from {{ ref('klaviyo_fivetran__campaign_context') }}
    where not is_repeated

),

parsed as (

    select
        {{ landed_text('id') }} as source_event_id,
        {{ landed_text('metric_id') }} as source_metric_id,
        {{ landed_text('person_id') }} as source_person_id,
        {{ landed_text('campaign_id') }} as source_campaign_id,
        {{ landed_text('flow_id') }} as source_flow_id,
        -- newer syncs land `datetime`, older ones `timestamp` (both UTC)
        coalesce({{ landed_text('datetime') }}, {{ landed_text('timestamp') }})
            as occurred_at_text,
        coalesce({{ landed_bool('_fivetran_deleted') }}, false) as is_deleted,
        coalesce(
            row_number() over (
                partition by {{ landed_text('id') }}
                order by
                    {{ landed_timestamp('_fivetran_synced') }} desc nulls last
            ) > 1
            and {{ landed_text('id') }} is not null,
            false
        ) as is_repeated,
        dq_file_issue
    from events

),

attributed as (

    select
        *,
        case
            when source_campaign_id is not null
                then {{ contract_id('klaviyo', 'source_campaign_id') }}
            else {{ contract_id('klaviyo:flow', 'source_flow_id') }}
        end as campaign_id
    from parsed

),

joined as (

    select
        attributed.*,
        metrics.event_type,
        metrics.metric_name,
        metrics.source_metric_id is not null as has_metric,
        metrics.set_aside_reason as metric_set_aside_reason,
        persons.customer_id,
        persons.set_aside_reason as person_set_aside_reason,
        campaigns.set_aside_reason as campaign_set_aside_reason
    from attributed
    left join metrics
        on attributed.source_metric_id = metrics.source_metric_id
    left join persons
        on attributed.source_person_id = persons.source_person_id
    left join campaigns
        on attributed.campaign_id = campaigns.campaign_id

),

final as (

    select
        source_event_id,
        source_metric_id,
        source_person_id,
        campaign_id,
        event_type,
        customer_id,
        {{ contract_timestamp_text('occurred_at_text') }} as event_at,
        is_repeated,
        coalesce(
            dq_file_issue,
            case
                when not has_metric
                    then
                        'metric_id: no landed metric '
                        || coalesce(source_metric_id, '(empty)')
            end
        ) as dq_file_issue,
        case
            when is_repeated
                then 'a repeated event id (an older sync of the row)'
            when is_deleted then 'deleted in Klaviyo (_fivetran_deleted)'
            when metric_set_aside_reason = 'not an e-mail metric'
                then 'not an e-mail event: ' || metric_name
            when metric_set_aside_reason is not null
                then 'metric set aside: ' || metric_set_aside_reason
            when campaign_id is null then 'neither a campaign nor a flow'
            when campaign_set_aside_reason is not null
                then 'campaign set aside: ' || campaign_set_aside_reason
            when person_set_aside_reason is not null
                then 'profile set aside: ' || person_set_aside_reason
        end as set_aside_reason
    from joined

)

select * from final
