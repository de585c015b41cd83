with

source as (

    select * from {{ raw_source('promotions') }}

),

final as (

    select
        -- ids
        nullif(trim(promotion_id), '') as promotion_id,

        -- attributes
        nullif(trim(promotion_name), '') as promotion_name,
        nullif(lower(trim(promotion_type)), '') as promotion_type,

        -- dates (already local)
        {{ dbt.safe_cast('starts_on', 'date') }} as starts_on,
        {{ dbt.safe_cast('ends_on', 'date') }} as ends_on
    from source

)

select * from final
