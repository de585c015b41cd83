with

source as (

    select * from {{ raw_source('marketing_costs') }}

),

typed as (

    select
        -- quarantine inputs
        {{ dq_raw_row('marketing_costs') }} as dq_raw_row,
        dq_file_issue,
        {{ dq_unparsed([
            ['cost_date', 'date', 'date'],
            ['amount', 'decimal(18, 2)', 'amount'],
        ]) }} as dq_unparsed,

        -- dates (already local) and attributes
        {{ dbt.safe_cast('trim(cost_date)', 'date') }} as cost_date,
        nullif(lower(trim(channel)), '') as channel,
        nullif(lower(trim(cost_type)), '') as cost_type,

        -- amounts
        {{ dbt.safe_cast('trim(amount)', 'decimal(18, 2)') }} as amount
    from source

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
