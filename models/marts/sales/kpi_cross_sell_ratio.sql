{{ config(**incremental_by_date('date_day')) }}

{%- set window_start = incremental_window_start('date_day') %}

with

customer_days as (

    select * from {{ ref('int_customer_days') }}
    where {{ incremental_window('date_day', window_start) }}

),

daily as (

    select
        date_day,
        customer_type,
        count(*) as customers,
        sum(case when has_cross_sell then 1 else 0 end)
            as cross_sell_customers,
        sum(case when has_recommendation_line then 1 else 0 end)
            as recommendation_customers
    from customer_days
    group by date_day, customer_type

),

final as (

    select
        date_day,
        customer_type,
        {{ to_count('customers') }} as customers,
        {{ to_count('cross_sell_customers') }} as cross_sell_customers,
        {{ safe_divide('cross_sell_customers', 'customers') }}
            as cross_sell_ratio,
        {{ to_count('recommendation_customers') }} as recommendation_customers
    from daily

)

select * from final
