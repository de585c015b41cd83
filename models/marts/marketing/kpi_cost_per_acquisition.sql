with

marketing_costs as (

    select * from {{ ref('int_marketing_costs_daily') }}

),

customers as (

    select * from {{ ref('int_customers_first_orders') }}

),

new_customers as (

    select
        first_order_date as date_day,
        acquisition_channel as channel,
        count(*) as new_customers
    from customers
    where first_order_id is not null
    group by first_order_date, acquisition_channel

),

joined as (

    select
        coalesce(marketing_costs.date_day, new_customers.date_day)
            as date_day,
        coalesce(marketing_costs.channel, new_customers.channel) as channel,
        coalesce(marketing_costs.marketing_cost, 0) as marketing_cost,
        coalesce(new_customers.new_customers, 0) as new_customers
    from marketing_costs
    full outer join new_customers
        on
            marketing_costs.date_day = new_customers.date_day
            and marketing_costs.channel = new_customers.channel

),

final as (

    select
        date_day,
        channel,
        {{ to_money('marketing_cost') }} as marketing_cost,
        {{ to_count('new_customers') }} as new_customers,
        {{ safe_divide('marketing_cost', 'new_customers') }}
            as cost_per_acquisition
    from joined
    where marketing_cost != 0 or new_customers != 0

)

select * from final
