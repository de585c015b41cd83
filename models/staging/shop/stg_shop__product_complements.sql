with

source as (

    select * from {{ raw_source('product_complements') }}

),

final as (

    select
        nullif(trim(product_group_id), '') as product_group_id,
        nullif(trim(complement_group_id), '') as complement_group_id
    from source

)

select * from final
