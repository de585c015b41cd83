{%- set inactivity_days = number_var('churn_inactivity_days', 180) | int -%}

with

customer_orders as (

    select * from {{ ref('int_customer_orders') }}

),

as_of as (

    select * from {{ ref('int_as_of_date') }}

),

first_month as (

    select
        cast({{ dbt.date_trunc('month', 'min(order_date)') }} as date)
            as month_start
    from customer_orders

),

month_numbers as (

    {{ dbt.generate_series(1200) }}

),

months as (

    select
        cast(
            {{ dbt.dateadd(
                'month',
                'month_numbers.generated_number - 1',
                'first_month.month_start'
            ) }}
            as date
        ) as month_start
    from month_numbers
    cross join first_month

),

closed_months as (

    -- only months whose last day is on or before the as-of date
    select
        months.month_start,
        {{ add_days(dbt.dateadd('month', 1, 'months.month_start'), -1) }}
            as month_end
    from months
    cross join as_of
    where
        {{ add_days(dbt.dateadd('month', 1, 'months.month_start'), -1) }}
        <= as_of.as_of_date

),

-- a customer is active on day d with a valid order dated in (d - W, d]:
-- at the start (d = month_start - 1) and at the end (d = month_end)
customer_months as (

    select
        customer_orders.customer_id,
        customer_orders.customer_type,
        closed_months.month_start,
        max(
            case
                when
                    customer_orders.order_date
                    <= {{ add_days('closed_months.month_start', -1) }}
                    then 1
                else 0
            end
        ) as is_active_at_start,
        max(
            case
                when
                    customer_orders.order_date
                    >= {{ add_days(
                        'closed_months.month_end', 1 - inactivity_days
                    ) }}
                    then 1
                else 0
            end
        ) as is_active_at_end
    from closed_months
    inner join customer_orders
        on
            customer_orders.order_date
            >= {{ add_days('closed_months.month_start', -inactivity_days) }}
            and closed_months.month_end >= customer_orders.order_date
    group by
        customer_orders.customer_id,
        customer_orders.customer_type,
        closed_months.month_start

),

monthly as (

    select
        month_start,
        customer_type,
        sum(is_active_at_start) as customers_at_start,
        sum(
            case
                when is_active_at_start = 1 and is_active_at_end = 0 then 1
                else 0
            end
        ) as churned_customers
    from customer_months
    group by month_start, customer_type

),

final as (

    select
        month_start,
        customer_type,
        {{ to_count('customers_at_start') }} as customers_at_start,
        {{ to_count('churned_customers') }} as churned_customers,
        {{ safe_divide('churned_customers', 'customers_at_start') }}
            as churn_rate
    from monthly
    where customers_at_start > 0

)

select * from final
