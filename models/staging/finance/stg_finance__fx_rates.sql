-- The exchange rates that passed the quarantine. A row for the reporting
-- currency itself (rate 1) is allowed in the input but not needed: the
-- converters leave amounts in the reporting currency as they are.
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
    where
        dq_rule is null
        and currency != '{{ reporting_currency() }}'

)

select * from final
