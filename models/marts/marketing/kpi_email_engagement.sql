with

email_recipients as (

    select * from {{ ref('int_email_recipients') }}

),

campaigns as (

    select * from {{ ref('stg_marketing__campaigns') }}

),

daily as (

    select
        send_date,
        campaign_id,
        count(*) as delivered_recipients,
        sum(case when is_opened then 1 else 0 end) as opened_recipients,
        sum(case when is_clicked then 1 else 0 end) as clicked_recipients
    from email_recipients
    group by
        send_date,
        campaign_id

),

final as (

    select
        daily.send_date,
        daily.campaign_id,
        {{ to_count('daily.delivered_recipients') }} as delivered_recipients,
        {{ to_count('daily.opened_recipients') }} as opened_recipients,
        {{ to_count('daily.clicked_recipients') }} as clicked_recipients,
        {{ safe_divide(
            'daily.opened_recipients', 'daily.delivered_recipients'
        ) }} as open_rate,
        {{ safe_divide(
            'daily.clicked_recipients', 'daily.delivered_recipients'
        ) }} as click_rate,
        {{ safe_divide(
            'daily.clicked_recipients', 'daily.opened_recipients'
        ) }} as click_to_open_rate,
        campaigns.campaign_name,
        campaigns.platform
    from daily
    left join campaigns
        on daily.campaign_id = campaigns.campaign_id

)

select * from final
