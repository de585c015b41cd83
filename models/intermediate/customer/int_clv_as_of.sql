-- kpi_customer_lifetime_value dated on the as-of date, for the scorecard.
with

lifetime_value as (

    select * from {{ ref('kpi_customer_lifetime_value') }}

),

as_of as (

    select * from {{ ref('int_as_of_date') }}

),

final as (

    select
        as_of.as_of_date as date_day,
        lifetime_value.customers,
        lifetime_value.customer_lifetime_value
    from lifetime_value
    cross join as_of
    where lifetime_value.customer_lifetime_value is not null

)

select * from final
