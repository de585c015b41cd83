with

source as (

    select * from {{ raw_source('nps_responses') }}

),

typed as (

    select
        -- ids
        nullif(trim(response_id), '') as response_id,
        nullif(trim(customer_id), '') as customer_id,
        nullif(trim(order_id), '') as order_id,

        -- attributes
        nullif(lower(trim(touchpoint)), '') as touchpoint,

        -- timestamps
        {{ dbt.safe_cast('responded_at', 'timestamp') }} as responded_at,

        -- scores
        {{ dbt.safe_cast('score', 'integer') }} as score
    from source

),

final as (

    select
        *,
        {{ to_local_date('responded_at') }} as responded_date
    from typed

)

select * from final
