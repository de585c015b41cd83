-- One row per landed version of a campaign: the latest version of each id
-- (by updated_at, then _fivetran_synced) is the campaign, older versions
-- are set aside; the channel and objective come from the advertising
-- channel type (macro google_ads_channel_types, D80). A removed campaign
-- is kept: its past spend is real.
with

campaigns as (

    select * from {{ ref('google_ads_fivetran__landed_campaign_history') }}

),

parsed as (

    select
        {{ landed_text('id') }} as source_campaign_id,
        {{ landed_text('customer_id') }} as source_account_id,
        {{ landed_text('name') }} as campaign_name,
        upper({{ landed_text('status') }}) as campaign_status,
        upper({{ landed_text('advertising_channel_type') }}) as channel_type,
        dq_file_issue,
        row_number() over (
            partition by {{ landed_text('id') }}
            order by
                {{ landed_timestamp('updated_at') }} desc nulls last,
                {{ landed_timestamp('_fivetran_synced') }} desc nulls last,
                {{ landed_text('name') }}
        ) = 1 as is_latest
    from campaigns

),

mapped as (

    select
        *,
        {{ google_ads_channel_type_case('channel_type', 0) }} as channel,
        {{ google_ads_channel_type_case('channel_type', 1) }} as objective
    from parsed

),

final as (

    select
        source_campaign_id,
        source_account_id,
        campaign_name,
        campaign_status,
        channel_type,
        channel,
        objective,
        coalesce(
            dq_file_issue,
            case
                when channel is null
                    then
                        'advertising_channel_type: no session channel for '
                        || coalesce(channel_type, 'an empty type')
            end
        ) as dq_file_issue,
        case
            when not is_latest then 'an older version of the campaign'
        end as set_aside_reason
    from mapped

)

select * from final
