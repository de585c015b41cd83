-- A complete calendar over the data's range (whole months), with the
-- columns Power BI needs to mark it as the date table.
with

orders as (

    select * from {{ ref('int_orders_enriched') }}

),

sessions as (

    select * from {{ ref('int_sessions_enriched') }}

),

marketing_costs as (

    select * from {{ ref('int_marketing_costs_daily') }}

),

returns as (

    select * from {{ ref('int_returns_enriched') }}

),

fulfilment_costs as (

    select * from {{ ref('int_fulfilment_costs_daily') }}

),

dates as (

    select order_date as event_date from orders
    union all
    select session_date as event_date from sessions
    union all
    select date_day as event_date from marketing_costs
    union all
    select received_date as event_date from returns
    union all
    select date_day as event_date from fulfilment_costs

),

bounds as (

    select
        cast({{ dbt.date_trunc('month', 'min(event_date)') }} as date)
            as first_day,
        {{ add_days(
            dbt.dateadd('month', 1, dbt.date_trunc('month', 'max(event_date)')),
            -1
        ) }} as last_day
    from dates

),

day_numbers as (

    {{ dbt.generate_series(40000) }}

),

calendar as (

    select
        {{ add_days('bounds.first_day', 'day_numbers.generated_number - 1') }}
            as date_day
    from day_numbers
    cross join bounds
    where
        day_numbers.generated_number - 1
        <= {{ dbt.datediff('bounds.first_day', 'bounds.last_day', 'day') }}

),

final as (

    select
        date_day,
        cast(
            extract(year from date_day) * 10000
            + extract(month from date_day) * 100
            + extract(day from date_day)
            as integer
        ) as date_key,
        cast(extract(year from date_day) as integer) as year_number,
        cast(extract(quarter from date_day) as integer) as quarter_number,
        cast(extract(month from date_day) as integer) as month_number,
        cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start,
        cast({{ iso_year('date_day') }} as integer) as iso_year,
        cast({{ iso_week('date_day') }} as integer) as iso_week,
        cast({{ iso_weekday('date_day') }} as integer) as iso_weekday,
        {{ iso_weekday('date_day') }} in (6, 7) as is_weekend
    from calendar

)

select * from final
