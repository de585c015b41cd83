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
        count(*) as eligible_customers,
        sum(case when has_upsell_line then 1 else 0 end) as upsell_customers
    from customer_days
    where has_upgradable_line
    group by date_day, customer_type

),

final as (

    select
        date_day,
        customer_type,
        {{ to_count('eligible_customers') }} as eligible_customers,
        {{ to_count('upsell_customers') }} as upsell_customers,
        {{ safe_divide('upsell_customers', 'eligible_customers') }}
            as upsell_ratio
    from daily

)

select * from final
