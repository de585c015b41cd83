-- One row per landed Klaviyo campaign or flow (D83): both become contract
-- campaigns on channel `email`, a campaign as `klaviyo:<id>` (objective
-- `conversion`), a flow as `klaviyo:flow:<id>` (objective
-- `consideration`). Set aside: a row deleted in Klaviyo, an older sync of
-- a repeated id, and a campaign of another channel (SMS): it is no e-mail.
-- An archived campaign or flow is kept: its past sends are real.
with

campaigns as (

    select * from {{ ref('klaviyo_fivetran__landed_campaign') }}

),

flows as (

    select * from {{ ref('klaviyo_fivetran__landed_flow') }}

),

landed as (

    select
        'campaign' as landed_table,
        {{ landed_text('id') }} as source_id,
        {{ landed_text('name') }} as campaign_name,
        lower({{ landed_text('campaign_type') }}) as campaign_type,
        {{ landed_bool('_fivetran_deleted') }} as is_deleted,
        {{ landed_timestamp('updated') }} as updated_at,
        {{ landed_timestamp('_fivetran_synced') }} as synced_at,
        dq_file_issue
    from campaigns
    union all
    select
        'flow' as landed_table,
        {{ landed_text('id') }} as source_id,
        {{ landed_text('name') }} as campaign_name,
        'email' as campaign_type,
        {{ landed_bool('_fivetran_deleted') }} as is_deleted,
        {{ landed_timestamp('updated') }} as updated_at,
        {{ landed_timestamp('_fivetran_synced') }} as synced_at,
        dq_file_issue
    from flows

),

ranked as (

    select
        *,
        case landed_table
            when 'campaign' then {{ contract_id('klaviyo', 'source_id') }}
            else {{ contract_id('klaviyo:flow', 'source_id') }}
        end as campaign_id,
        coalesce(
            row_number() over (
                partition by landed_table, source_id
                order by
                    synced_at desc nulls last,
                    updated_at desc nulls last,
                    campaign_name asc
            ) > 1
            and source_id is not null,
            false
        ) as is_repeated
    from landed

),

final as (

    select
        landed_table,
        source_id,
        campaign_id,
        campaign_name,
        campaign_type,
        case
            when landed_table = 'campaign' then 'conversion'
            else 'consideration'
        end as objective,
        dq_file_issue,
        is_repeated,
        case
            when is_repeated then 'a repeated id (an older sync of the row)'
            when coalesce(is_deleted, false)
                then 'deleted in Klaviyo (_fivetran_deleted)'
            when coalesce(campaign_type, 'email') not in ('email', 'regular')
                then 'a ' || campaign_type || ' campaign (not e-mail)'
        end as set_aside_reason
    from ranked

)

select * from final
