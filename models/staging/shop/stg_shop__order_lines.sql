with

source as (

    select * from {{ raw_source('order_lines') }}

),

final as (

    select
        -- ids
        nullif(trim(order_line_id), '') as order_line_id,
        nullif(trim(order_id), '') as order_id,
        nullif(trim(product_id), '') as product_id,

        -- attributes
        nullif(lower(trim(recommendation_source)), '') as recommendation_source,

        -- quantities and amounts
        {{ dbt.safe_cast('quantity', 'integer') }} as quantity,
        {{ dbt.safe_cast('unit_price', 'decimal(18, 2)') }} as unit_price,
        {{ dbt.safe_cast('discount_amount', 'decimal(18, 2)') }}
            as discount_amount
    from source

)

select * from final
