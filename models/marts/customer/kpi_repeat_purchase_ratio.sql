with

customer_orders as (

    select * from {{ ref('int_customer_orders') }}

),

as_of as (

    select * from {{ ref('int_as_of_date') }}

),

customers as (

    select
        customer_id,
        customer_type,
        cohort_date,
        min(
            case when customer_order_number = 2 then order_date end
        ) as second_order_date
    from customer_orders
    group by customer_id, customer_type, cohort_date

),

measured as (

    select
        customers.cohort_date,
        customers.customer_type,
        {{ dbt.datediff(
            'customers.cohort_date', 'customers.second_order_date', 'day'
        ) }} as days_to_second_order,
        {{ dbt.datediff('customers.cohort_date', 'as_of.as_of_date', 'day') }}
            as days_observed
    from customers
    cross join as_of
    where customers.cohort_date <= as_of.as_of_date

),

-- eligible for N days: cohort date <= as-of date - N; repeat within N days:
-- second valid order at most N whole days after the first
cohorts as (

    select
        cohort_date,
        customer_type,
        count(*) as new_customers,
        count(case when days_observed >= 30 then 1 end) as eligible_30d,
        count(
            case
                when days_observed >= 30 and days_to_second_order <= 30 then 1
            end
        ) as repeat_30d,
        count(case when days_observed >= 60 then 1 end) as eligible_60d,
        count(
            case
                when days_observed >= 60 and days_to_second_order <= 60 then 1
            end
        ) as repeat_60d,
        count(case when days_observed >= 90 then 1 end) as eligible_90d,
        count(
            case
                when days_observed >= 90 and days_to_second_order <= 90 then 1
            end
        ) as repeat_90d
    from measured
    group by cohort_date, customer_type

),

final as (

    select
        cohort_date,
        customer_type,
        new_customers,
        eligible_30d,
        repeat_30d,
        {{ safe_divide('repeat_30d', 'eligible_30d') }}
            as repeat_purchase_ratio_30d,
        eligible_60d,
        repeat_60d,
        {{ safe_divide('repeat_60d', 'eligible_60d') }}
            as repeat_purchase_ratio_60d,
        eligible_90d,
        repeat_90d,
        {{ safe_divide('repeat_90d', 'eligible_90d') }}
            as repeat_purchase_ratio_90d
    from cohorts

)

select * from final
