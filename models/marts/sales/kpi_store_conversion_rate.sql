with

store_days as (

    select * from {{ ref('int_store_days') }}

),

final as (

    select
        date_day,
        store_id,
        {{ to_count('visitors') }} as visitors,
        {{ to_count('transactions') }} as transactions,
        {{ safe_divide('transactions', 'visitors') }} as conversion_rate
    from store_days
    where coalesce(visitors, 0) != 0 or transactions != 0

)

select * from final
