with

source as (

    select * from {{ raw_source('products') }}

),

final as (

    select
        -- ids
        nullif(trim(product_id), '') as product_id,
        nullif(trim(product_group_id), '') as product_group_id,

        -- attributes
        nullif(trim(product_name), '') as product_name,
        nullif(lower(trim(category)), '') as category,
        nullif(trim(brand), '') as brand,

        -- amounts
        {{ dbt.safe_cast('list_price', 'decimal(18, 2)') }} as list_price,
        {{ dbt.safe_cast('unit_cost', 'decimal(18, 2)') }} as unit_cost
    from source

)

select * from final
