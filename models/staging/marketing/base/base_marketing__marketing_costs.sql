with

-- the raw rows, typed as the spec says (raw_source)
typed as (

    select * from {{ raw_source('marketing_costs') }}

),

-- several bookings per key add up: no uniqueness rule here
final as (

    select
        *,
        coalesce(
            dq_file_issue,
            dq_unparsed,
            case
                when cost_date is null then 'cost_date: missing'
                when channel is null then 'channel: missing'
                when channel not in {{ session_channels() }}
                    then 'channel: not a session channel'
                when amount is null then 'amount: missing'
                when amount < 0 then 'amount: negative'
            end
        ) as dq_rule
    from typed

)

select {{ dq_base_columns('marketing_costs') }}
from final
