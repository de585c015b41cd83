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
        {{ safe_divide('transactions', 'visitors') }} as conversion_rate,
        {{ to_count(
            'case when visitors is not null then transactions else 0 end'
        ) }} as counted_transactions
    from store_days
    where coalesce(visitors, 0) != 0 or transactions != 0

)

select * from final
