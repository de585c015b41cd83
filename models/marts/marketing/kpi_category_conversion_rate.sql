with

session_categories as (

    select * from {{ ref('int_session_categories') }}

),

daily as (

    select
        session_date as date_day,
        category,
        device_category,
        channel,
        count(*) as sessions_viewing,
        sum(case when is_converting then 1 else 0 end) as sessions_converting
    from session_categories
    group by session_date, category, device_category, channel

),

final as (

    select
        date_day,
        category,
        device_category,
        channel,
        {{ to_count('sessions_viewing') }} as sessions_viewing,
        {{ to_count('sessions_converting') }} as sessions_converting,
        {{ safe_divide('sessions_converting', 'sessions_viewing') }}
            as category_conversion_rate
    from daily

)

select * from final
