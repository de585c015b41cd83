with

source as (

    select * from {{ raw_source('customers') }}

),

typed as (

    select
        -- ids
        nullif(trim(customer_id), '') as customer_id,

        -- pii: only a salted hash leaves staging
        {{ hash_pii('email') }} as email_hash,

        -- attributes
        nullif(lower(trim(customer_type)), '') as customer_type,
        nullif(upper(trim(country_code)), '') as country_code,

        -- timestamps
        {{ dbt.safe_cast('created_at', 'timestamp') }} as created_at
    from source

),

final as (

    select
        *,
        {{ to_local_date('created_at') }} as created_date
    from typed

)

select * from final
