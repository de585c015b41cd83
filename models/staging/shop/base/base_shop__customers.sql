with

source as (

    select * from {{ raw_source('customers') }}

),

typed as (

    select
        -- quarantine inputs (the raw row shows the e-mail only as its hash)
        {{ dq_raw_row('customers', {'email': hash_pii('email')}) }}
            as dq_raw_row,
        dq_file_issue,
        {{ dq_unparsed([['created_at', 'timestamp', 'timestamp']]) }}
            as dq_unparsed,

        -- ids
        nullif(trim(customer_id), '') as customer_id,

        -- pii: only a salted hash leaves staging
        {{ hash_pii("nullif(trim(email), '')") }} as email_hash,

        -- attributes
        nullif(lower(trim(customer_type)), '') as customer_type,
        nullif(upper(trim(country_code)), '') as country_code,

        -- timestamps
        {{ dbt.safe_cast('trim(created_at)', 'timestamp') }} as created_at
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
