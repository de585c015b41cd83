with

-- the raw rows, typed as the spec says (raw_source)
typed as (

    select * from {{ raw_source('fx_rates') }}

),

row_checked as (

    select
        *,
        coalesce(
            dq_file_issue,
            dq_unparsed,
            case
                when rate_date is null then 'rate_date: missing'
                when currency is null then 'currency: missing'
                when not {{ regex_full_match('currency', '[A-Z]{3}') }}
                    then 'currency: not an ISO 4217 code'
                when rate_to_reporting is null
                    then 'rate_to_reporting: missing'
                when rate_to_reporting <= 0
                    then 'rate_to_reporting: not positive'
                -- the reporting currency converts into itself at 1, always
                when
                    currency = '{{ reporting_currency() }}'
                    and rate_to_reporting != 1
                    then 'rate_to_reporting: not 1 for the reporting currency'
            end
        ) as dq_row_rule
    from typed

),

final as (

    select
        *,
        coalesce(
            dq_row_rule,
            {{ dq_duplicate(['rate_date', 'currency'], 'dq_raw_row') }}
        ) as dq_rule
    from row_checked

)

select {{ dq_base_columns('fx_rates') }}
from final
