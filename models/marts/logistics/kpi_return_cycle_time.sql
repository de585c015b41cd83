with

returns as (

    select * from {{ ref('int_returns_enriched') }}

),

daily as (

    select
        received_date as date_day,
        category,
        count(*) as returns_received,
        sum(return_cycle_days) as total_cycle_days
    from returns
    where is_valid and is_received
    group by received_date, category

),

final as (

    select
        date_day,
        category,
        {{ to_count('returns_received') }} as returns_received,
        total_cycle_days,
        {{ safe_divide('total_cycle_days', 'returns_received') }}
            as avg_return_cycle_days
    from daily

)

select * from final
