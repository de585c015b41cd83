with

source as (

    select * from {{ raw_source('products') }}

),

final as (

    select
        -- ids
        trim(product_id) as product_id,
        trim(product_group_id) as product_group_id,

        -- attributes
        trim(product_name) as product_name,
        lower(trim(category)) as category,
        trim(brand) as brand,

        -- amounts
        {{ dbt.safe_cast('list_price', 'decimal(18, 2)') }} as list_price,
        {{ dbt.safe_cast('unit_cost', 'decimal(18, 2)') }} as unit_cost
    from source

)

select * from final
