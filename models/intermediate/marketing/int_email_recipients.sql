with

email_events as (

    select * from {{ ref('stg_marketing__email_events') }}

),

first_deliveries as (

    select
        campaign_id,
        recipient_id,
        min(event_at) as first_delivered_at
    from email_events
    where event_type = 'delivered'
    group by
        campaign_id,
        recipient_id

),

engagement as (

    select
        first_deliveries.campaign_id,
        first_deliveries.recipient_id,
        first_deliveries.first_delivered_at,
        max(
            case
                when email_events.event_type in ('opened', 'clicked') then 1
                else 0
            end
        ) as opened,
        max(
            case when email_events.event_type = 'clicked' then 1 else 0 end
        ) as clicked
    from first_deliveries
    left join email_events
        on
            first_deliveries.campaign_id = email_events.campaign_id
            and first_deliveries.recipient_id = email_events.recipient_id
            and first_deliveries.first_delivered_at <= email_events.event_at
            and email_events.event_type in ('opened', 'clicked')
    group by
        first_deliveries.campaign_id,
        first_deliveries.recipient_id,
        first_deliveries.first_delivered_at

),

final as (

    select
        campaign_id,
        recipient_id,
        first_delivered_at,
        {{ to_local_date('first_delivered_at') }} as send_date,
        opened = 1 as is_opened,
        clicked = 1 as is_clicked
    from engagement

)

select * from final
