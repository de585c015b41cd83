with

source as (

    select * from {{ raw_source('stores') }}

),

final as (

    select
        trim(store_id) as store_id,
        trim(store_name) as store_name,
        trim(city) as city
    from source

)

select * from final
