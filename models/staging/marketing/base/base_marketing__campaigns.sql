with

-- the raw rows, typed as the spec says (raw_source)
typed as (

    select * from {{ raw_source('campaigns') }}

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
