-- The as-of date of the windowed and cohort KPIs: the var as_of_date, or
-- else the latest local date of a valid order (never the wall clock).
with

orders as (

    select * from {{ ref('int_orders_enriched') }}

),

latest as (

    select max(order_date) as latest_valid_order_date
    from orders
    where is_valid

),

final as (

    select
        {%- if as_of_date_var() %}
            cast('{{ as_of_date_var() }}' as date) as as_of_date,
        {%- else %}
            latest_valid_order_date as as_of_date,
        {%- endif %}
        latest_valid_order_date
    from latest

)

select * from final
