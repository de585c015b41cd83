-- Customer lifetime value per country group of the customer (the issue's
-- "CLV by country group"). kpi_customer_lifetime_value's grain is customer
-- type x acquisition channel; this re-runs its definition (windows W0/W1,
-- AOV x purchase frequency x expected lifespan, lifespan capped by var
-- max_lifespan_years) per country group, on the same intermediate facts.
-- Groups: GB; Europe without GB; unknown (NULL or ZZ); rest of world.
{%- set max_lifespan_years = number_var('max_lifespan_years', 5) %}

with

customer_orders as (

    select * from {{ ref('int_customer_orders') }}

),

customers as (

    select * from {{ ref('int_customers_first_orders') }}

),

as_of as (

    select * from {{ ref('int_as_of_date') }}

),

windows as (

    select
        as_of_date as w1_end,
        {{ add_days('as_of_date', -364) }} as w1_start,
        {{ add_days('as_of_date', -365) }} as w0_end,
        {{ add_days('as_of_date', -729) }} as w0_start
    from as_of

),

country_groups as (

    select
        customer_id,
        case
            when country_code = 'GB' then 'united_kingdom'
            when
                country_code in (
                    'AT', 'BE', 'BG', 'CH', 'CY', 'CZ', 'DE', 'DK', 'EE',
                    'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IS', 'IT',
                    'LI', 'LT', 'LU', 'LV', 'MT', 'NL', 'NO', 'PL', 'PT',
                    'RO', 'SE', 'SI', 'SK'
                )
                then 'europe_excl_uk'
            when country_code is null or country_code = 'ZZ' then 'unknown'
            else 'rest_of_world'
        end as country_group
    from customers

),

customer_windows as (

    select
        customer_orders.customer_id,
        country_groups.country_group,
        sum(
            case
                when customer_orders.order_date >= windows.w1_start
                    then 1
                else 0
            end
        ) as w1_orders,
        sum(
            case
                when customer_orders.order_date >= windows.w1_start
                    then customer_orders.net_revenue
                else 0
            end
        ) as w1_net_revenue,
        max(
            case
                when customer_orders.order_date <= windows.w0_end then 1 else 0
            end
        ) as is_in_w0
    from customer_orders
    inner join country_groups
        on customer_orders.customer_id = country_groups.customer_id
    cross join windows
    where
        customer_orders.order_date >= windows.w0_start
        and customer_orders.order_date <= windows.w1_end
    group by customer_orders.customer_id, country_groups.country_group

),

segments as (

    select
        country_group,
        sum(case when w1_orders > 0 then 1 else 0 end) as customers,
        sum(w1_orders) as orders,
        sum(w1_net_revenue) as net_revenue,
        sum(case when is_in_w0 = 1 and w1_orders > 0 then 1 else 0 end)
            as retained_customers,
        sum(is_in_w0) as prior_customers
    from customer_windows
    group by country_group

),

rates as (

    select
        *,
        {{ safe_divide('net_revenue', 'orders') }} as average_order_value,
        {{ safe_divide('orders', 'customers') }} as purchase_frequency,
        1 - {{ safe_divide('retained_customers', 'prior_customers') }}
            as annual_churn_rate
    from segments

),

lifespans as (

    select
        *,
        case
            when annual_churn_rate is null or annual_churn_rate = 0
                then {{ max_lifespan_years }}
            else least(1 / annual_churn_rate, {{ max_lifespan_years }})
        end as expected_lifespan_years
    from rates

),

final as (

    select
        *,
        average_order_value * purchase_frequency * expected_lifespan_years
            as customer_lifetime_value
    from lifespans

)

select * from final
order by customers desc
