{%- set max_lifespan_years = number_var('max_lifespan_years', 5) -%}

with

customer_orders as (

    select * from {{ ref('int_customer_orders') }}

),

customers as (

    select * from {{ ref('int_customers_first_orders') }}

),

marketing_costs as (

    select * from {{ ref('int_marketing_costs_daily') }}

),

as_of as (

    select * from {{ ref('int_as_of_date') }}

),

-- W1: the 365 days ending on the as-of date; W0: the 365 days before it
windows as (

    select
        as_of_date as w1_end,
        {{ add_days('as_of_date', -364) }} as w1_start,
        {{ add_days('as_of_date', -365) }} as w0_end,
        {{ add_days('as_of_date', -729) }} as w0_start
    from as_of

),

customer_windows as (

    select
        customer_orders.customer_id,
        customer_orders.customer_type,
        customer_orders.acquisition_channel,
        sum(
            case
                when
                    customer_orders.order_date >= windows.w1_start
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
        sum(
            case
                when customer_orders.order_date >= windows.w1_start
                    then customer_orders.gross_margin
                else 0
            end
        ) as w1_gross_margin,
        max(
            case
                when customer_orders.order_date <= windows.w0_end then 1 else 0
            end
        ) as is_in_w0
    from customer_orders
    cross join windows
    where
        customer_orders.order_date >= windows.w0_start
        and customer_orders.order_date <= windows.w1_end
    group by
        customer_orders.customer_id,
        customer_orders.customer_type,
        customer_orders.acquisition_channel

),

segments as (

    select
        customer_type,
        acquisition_channel,
        sum(case when w1_orders > 0 then 1 else 0 end) as customers,
        sum(w1_orders) as orders,
        sum(w1_net_revenue) as net_revenue,
        sum(w1_gross_margin) as gross_margin,
        sum(case when is_in_w0 = 1 and w1_orders > 0 then 1 else 0 end)
            as retained_customers,
        sum(is_in_w0) as prior_customers
    from customer_windows
    group by customer_type, acquisition_channel

),

-- the channel's CPA over W1: its marketing cost / customers of every type
-- whose first valid order fell in W1 with that channel
channel_costs as (

    select
        marketing_costs.channel,
        sum(marketing_costs.marketing_cost) as acquisition_marketing_cost
    from marketing_costs
    cross join windows
    where
        marketing_costs.date_day >= windows.w1_start
        and marketing_costs.date_day <= windows.w1_end
    group by marketing_costs.channel

),

channel_acquisitions as (

    select
        customers.acquisition_channel,
        count(*) as acquired_customers
    from customers
    cross join windows
    where
        customers.first_order_date >= windows.w1_start
        and customers.first_order_date <= windows.w1_end
    group by customers.acquisition_channel

),

rates as (

    select
        segments.*,
        {{ safe_divide('segments.net_revenue', 'segments.orders') }}
            as average_order_value,
        {{ safe_divide('segments.gross_margin', 'segments.orders') }}
            as margin_per_order,
        {{ safe_divide('segments.orders', 'segments.customers') }}
            as purchase_frequency,
        1 - {{ safe_divide(
            'segments.retained_customers', 'segments.prior_customers'
        ) }} as annual_churn_rate,
        coalesce(channel_costs.acquisition_marketing_cost, 0)
            as acquisition_marketing_cost,
        coalesce(channel_acquisitions.acquired_customers, 0)
            as acquired_customers
    from segments
    left join channel_costs
        on segments.acquisition_channel = channel_costs.channel
    left join channel_acquisitions
        on
            segments.acquisition_channel
            = channel_acquisitions.acquisition_channel

),

lifespans as (

    select
        *,
        case
            when annual_churn_rate is null or annual_churn_rate = 0
                then {{ max_lifespan_years }}
            else least(1 / annual_churn_rate, {{ max_lifespan_years }})
        end as expected_lifespan_years,
        {{ safe_divide('acquisition_marketing_cost', 'acquired_customers') }}
            as cost_per_acquisition
    from rates

),

values_ as (

    select
        *,
        average_order_value * purchase_frequency * expected_lifespan_years
            as customer_lifetime_value,
        margin_per_order * purchase_frequency * expected_lifespan_years
            as gross_margin_lifetime_value
    from lifespans

),

final as (

    select
        customer_type,
        acquisition_channel,
        {{ to_count('customers') }} as customers,
        {{ to_count('orders') }} as orders,
        {{ to_money('net_revenue') }} as net_revenue,
        {{ to_money('gross_margin') }} as gross_margin,
        average_order_value,
        purchase_frequency,
        {{ to_count('retained_customers') }} as retained_customers,
        {{ to_count('prior_customers') }} as prior_customers,
        annual_churn_rate,
        cast(expected_lifespan_years as {{ type_double() }})
            as expected_lifespan_years,
        customer_lifetime_value,
        gross_margin_lifetime_value,
        cost_per_acquisition,
        {{ safe_divide('customer_lifetime_value', 'cost_per_acquisition') }}
            as clv_to_cpa_ratio,
        {{ to_money('acquisition_marketing_cost') }}
            as acquisition_marketing_cost,
        {{ to_count('acquired_customers') }} as acquired_customers
    from values_

)

select * from final
