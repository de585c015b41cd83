with

source as (

    -- the raw row shows the e-mail only as its hash
    select *
    from {{ raw_source('customers', masked={'email': hash_pii('email')}) }}

),

typed as (

    select
        {{ star_except(['email']) }},

        -- pii: only a salted hash leaves staging
        {{ hash_pii('email') }} as email_hash
    from source

),

row_checked as (

    select
        *,
        coalesce(
            dq_file_issue,
            dq_unparsed,
            case
                when customer_id is null then 'customer_id: missing'
                when created_at is null then 'created_at: missing'
                when customer_type is null then 'customer_type: missing'
                when customer_type not in ('b2c', 'b2b')
                    then 'customer_type: not b2c or b2b'
                when
                    country_code is not null
                    and not {{ regex_full_match('country_code', '[A-Z]{2}') }}
                    then 'country_code: not an ISO-3166 alpha-2 code'
            end
        ) as dq_row_rule
    from typed

),

final as (

    select
        *,
        coalesce(
            dq_row_rule,
            {{ dq_duplicate(['customer_id'], 'created_at') }}
        ) as dq_rule
    from row_checked

)

select {{ dq_base_columns('customers') }}
from final
