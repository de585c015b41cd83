with

source as (

    select * from {{ raw_source('sessions') }}

),

typed as (

    select
        -- ids
        nullif(trim(session_id), '') as session_id,
        nullif(trim(visitor_id), '') as visitor_id,
        nullif(trim(customer_id), '') as customer_id,
        nullif(trim(campaign_id), '') as campaign_id,

        -- attributes
        nullif(lower(trim(device_category)), '') as device_category,
        nullif(lower(trim(channel)), '') as channel,
        nullif(trim(landing_page), '') as landing_page,

        -- timestamps
        {{ dbt.safe_cast('session_start_at', 'timestamp') }}
            as session_start_at,

        -- counts
        {{ dbt.safe_cast('duration_seconds', 'integer') }} as duration_seconds,
        {{ dbt.safe_cast('pageviews', 'integer') }} as pageviews,
        {{ dbt.safe_cast('interactions', 'integer') }} as interactions
    from source

),

final as (

    select
        *,
        {{ to_local_date('session_start_at') }} as session_date
    from typed

)

select * from final
