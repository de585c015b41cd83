-- One row per landed ad account version (D81): the latest version of each
-- account (by _fivetran_synced) gives its currency and time zone; older
-- versions are set aside. An account whose time zone is not the var
-- reporting_timezone is named in a warning: its days cannot be shifted.
{{ config(post_hook=
    "{{ warn_if_account_timezone_differs('facebook_ads_fivetran',"
    ~ " '(select source_account_id as account_id, timezone_name as time_zone'"
    ~ " ~ ' from ' ~ this ~ ' where set_aside_reason is null)', this) }}"
) }}

with

accounts as (

    select * from {{ ref('facebook_ads_fivetran__landed_account_history') }}

),

parsed as (

    select
        {{ landed_text('id') }} as source_account_id,
        dq_file_issue,
        {{ landed_timestamp('_fivetran_synced') }} as synced_at,
        upper({{ landed_text('currency') }}) as currency,
        {{ landed_text('timezone_name') }} as timezone_name
    from accounts

),

final as (

    select
        *,
        case
            when
                row_number() over (
                    partition by source_account_id
                    order by
                        synced_at desc nulls last,
                        currency asc,
                        timezone_name asc
                ) > 1
                then 'an older version of the account'
        end as set_aside_reason
    from parsed

)

select * from final
