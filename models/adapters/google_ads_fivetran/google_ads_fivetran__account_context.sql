-- One row per landed version of an ad account: its currency and time zone,
-- and whether it is the latest version (by updated_at, then
-- _fivetran_synced), the one the adapter reads (D80). An account whose time
-- zone is not var reporting_timezone is named in a warning: its report
-- dates are its own local days, used as they are (the warning is raised
-- by google_ads_fivetran__stats_context, which runs after this model).
with

accounts as (

    select * from {{ ref('google_ads_fivetran__landed_account_history') }}

),

parsed as (

    select
        {{ landed_text('id') }} as source_account_id,
        upper({{ landed_text('currency_code') }}) as currency,
        {{ landed_text('time_zone') }} as time_zone,
        {{ landed_text('descriptive_name') }} as account_name,
        row_number() over (
            partition by {{ landed_text('id') }}
            order by
                {{ landed_timestamp('updated_at') }} desc nulls last,
                {{ landed_timestamp('_fivetran_synced') }} desc nulls last,
                {{ landed_text('currency_code') }}
        ) = 1 as is_latest
    from accounts

),

final as (

    select
        *,
        case
            when not is_latest then 'an older version of the account'
        end as set_aside_reason
    from parsed

)

select * from final
