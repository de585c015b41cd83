-- A complete calendar over the data's range (whole months), with the
-- columns Power BI needs to mark it as the date table.
with

orders as (

    select * from {{ ref('int_orders_enriched') }}

),

sessions as (

    select * from {{ ref('stg_web_analytics__sessions') }}

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

-- the first and last date of each source: an aggregate per table, not a
-- union of every row (30 M sessions at tier M)
dates as (

    select
        min(order_date) as first_date,
        max(order_date) as last_date
    from orders
    union all
    select
        min(session_date) as first_date,
        max(session_date) as last_date
    from sessions
    union all
    select
        min(date_day) as first_date,
        max(date_day) as last_date
    from marketing_costs
    union all
    select
        min(received_date) as first_date,
        max(received_date) as last_date
    from returns
    union all
    select
        min(date_day) as first_date,
        max(date_day) as last_date
    from fulfilment_costs

),

bounds as (

    select
        cast({{ dbt.date_trunc('month', 'min(first_date)') }} as date)
            as first_day,
        {{ add_days(
            dbt.dateadd('month', 1, dbt.date_trunc('month', 'max(last_date)')),
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
