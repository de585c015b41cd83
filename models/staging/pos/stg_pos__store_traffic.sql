with

source as (

    select * from {{ raw_source('store_traffic') }}

),

final as (

    select
        -- ids
        nullif(trim(store_id), '') as store_id,

        -- dates (already local)
        {{ dbt.safe_cast('traffic_date', 'date') }} as traffic_date,

        -- counts
        {{ dbt.safe_cast('visitors', 'integer') }} as visitors
    from source

)

select * from final
