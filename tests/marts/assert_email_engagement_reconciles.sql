-- Per campaign, the recipients of kpi_email_engagement summed over its send
-- dates equal those counted straight from the e-mail events: distinct
-- recipients with a delivery, and of those the ones with an open or click
-- (a click) not before their first delivery. Returns the campaigns that
-- differ; a campaign missing on either side differs too.
with

email_events as (

    select * from {{ ref('stg_marketing__email_events') }}

),

engagement as (

    select * from {{ ref('kpi_email_engagement') }}

),

first_delivered as (

    select
        campaign_id,
        recipient_id,
        min(event_at) as delivered_at
    from email_events
    where event_type = 'delivered'
    group by campaign_id, recipient_id

),

from_events as (

    select
        first_delivered.campaign_id,
        count(distinct first_delivered.recipient_id) as delivered_recipients,
        count(
            distinct case
                when email_events.event_type in ('opened', 'clicked')
                    then first_delivered.recipient_id
            end
        ) as opened_recipients,
        count(
            distinct case
                when email_events.event_type = 'clicked'
                    then first_delivered.recipient_id
            end
        ) as clicked_recipients
    from first_delivered
    left join email_events
        on
            first_delivered.campaign_id = email_events.campaign_id
            and first_delivered.recipient_id = email_events.recipient_id
            and first_delivered.delivered_at <= email_events.event_at
    group by first_delivered.campaign_id

),

from_mart as (

    select
        campaign_id,
        sum(delivered_recipients) as delivered_recipients,
        sum(opened_recipients) as opened_recipients,
        sum(clicked_recipients) as clicked_recipients
    from engagement
    group by campaign_id

)

select
    coalesce(from_events.campaign_id, from_mart.campaign_id) as campaign_id,
    from_events.delivered_recipients as delivered_from_events,
    from_mart.delivered_recipients as delivered_in_mart,
    from_events.opened_recipients as opened_from_events,
    from_mart.opened_recipients as opened_in_mart,
    from_events.clicked_recipients as clicked_from_events,
    from_mart.clicked_recipients as clicked_in_mart
from from_events
full outer join from_mart
    on from_events.campaign_id = from_mart.campaign_id
where
    from_events.campaign_id is null
    or from_mart.campaign_id is null
    or from_events.delivered_recipients != from_mart.delivered_recipients
    or from_events.opened_recipients != from_mart.opened_recipients
    or from_events.clicked_recipients != from_mart.clicked_recipients
