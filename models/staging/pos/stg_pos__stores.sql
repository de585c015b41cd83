with

source as (

    select * from {{ raw_source('stores') }}

),

final as (

    select
        nullif(trim(store_id), '') as store_id,
        nullif(trim(store_name), '') as store_name,
        nullif(trim(city), '') as city
    from source

)

select * from final
