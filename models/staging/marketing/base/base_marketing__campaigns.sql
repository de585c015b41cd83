with

source as (

    select * from {{ raw_source('campaigns') }}

),

typed as (

    select
        {{ dq_raw_row('campaigns') }} as dq_raw_row,
        dq_file_issue,
        nullif(trim(campaign_id), '') as campaign_id,
        nullif(trim(campaign_name), '') as campaign_name,
        nullif(trim(platform), '') as platform,
        nullif(lower(trim(channel)), '') as channel,
        nullif(lower(trim(objective)), '') as objective
    from source

),

row_checked as (

    select
        *,
        coalesce(
            dq_file_issue,
            case
                when campaign_id is null then 'campaign_id: missing'
                when channel is null then 'channel: missing'
                when channel not in {{ session_channels() }}
                    then 'channel: not a session channel'
                when objective is null then 'objective: missing'
                when
                    objective not in (
                        'awareness', 'consideration', 'conversion'
                    )
                    then 'objective: not an allowed value'
            end
        ) as dq_row_rule
    from typed

),

final as (

    select
        *,
        coalesce(
            dq_row_rule,
            {{ dq_duplicate(['campaign_id'], 'campaign_name') }}
        ) as dq_rule
    from row_checked

)

select {{ dq_base_columns('campaigns') }}
from final
