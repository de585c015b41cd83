-- The exchange rates that passed the quarantine. A row for the reporting
-- currency itself (rate 1, as its base model checks) is kept, so that every
-- raw row is counted here or in the quarantine; the converters leave
-- amounts in the reporting currency as they are, with or without it.
with

base as (

    select * from {{ ref('base_finance__fx_rates') }}

),

final as (

    select
        rate_date,
        currency,
        rate_to_reporting
    from base
    where dq_rule is null

)

select * from final
