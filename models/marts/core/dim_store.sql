with

stores as (

    select * from {{ ref('stg_pos__stores') }}

),

final as (

    select
        store_id,
        store_name,
        city
    from stores

)

select * from final
