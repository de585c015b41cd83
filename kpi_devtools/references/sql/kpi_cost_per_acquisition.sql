-- kpi_cost_per_acquisition: marketing cost (ad spend of the channel's
-- campaigns + other marketing costs, both already on local dates) and new
-- customers (first valid order that local day, by acquisition channel) per
-- local day and channel; a row where either is non-zero.
--
-- Local dates of first orders: counted per UTC quarter-hour, then only those
-- quarter-hours are converted (exact for every zone whose offsets and DST
-- changes fall on quarter-hours).
with

orders as (

    select
        order_id,
        customer_id,
        session_id,
        sales_channel,
        ordered_at
    from {orders}
    where status != 'cancelled' and customer_id is not null

),

first_orders as (

    -- a customer's first valid order: earliest ordered_at, ties by order_id
    select *
    from orders
    qualify
        row_number()
            over (partition by customer_id order by ordered_at, order_id)
        = 1

),

sessions as (

    select
        session_id,
        channel
    from {sessions}

),

new_customers_per_quarter_hour as (

    select
        time_bucket(interval 15 minute, first_orders.ordered_at)
            as quarter_hour,
        case
            when first_orders.sales_channel = 'store' then 'store'
            when sessions.session_id is null then 'unattributed'
            else sessions.channel
        end as channel,
        count(*) as new_customers
    from first_orders
    left join sessions
        on first_orders.session_id = sessions.session_id
    group by all

),

new_customers as (

    select
        cast(
            timezone('{timezone}', timezone('UTC', quarter_hour)) as date
        ) as date_day,
        channel,
        sum(new_customers) as new_customers
    from new_customers_per_quarter_hour
    group by all

),

campaigns as (

    select
        campaign_id,
        channel
    from {campaigns}

),

costs as (

    select
        ad_performance.report_date as date_day,
        campaigns.channel,
        ad_performance.cost as amount
    from {ad_performance} as ad_performance
    inner join campaigns
        on ad_performance.campaign_id = campaigns.campaign_id

    union all

    select
        cost_date as date_day,
        channel,
        amount
    from {marketing_costs}

),

marketing_costs as (

    select
        date_day,
        channel,
        sum(amount) as marketing_cost
    from costs
    group by all

),

joined as (

    select
        coalesce(marketing_costs.date_day, new_customers.date_day) as date_day,
        coalesce(marketing_costs.channel, new_customers.channel) as channel,
        coalesce(marketing_costs.marketing_cost, 0) as marketing_cost,
        coalesce(new_customers.new_customers, 0) as new_customers
    from marketing_costs
    full outer join new_customers
        on
            marketing_costs.date_day = new_customers.date_day
            and marketing_costs.channel = new_customers.channel

)

select
    date_day,
    channel,
    cast(marketing_cost as decimal(18, 2)) as marketing_cost,
    cast(new_customers as bigint) as new_customers,
    cast(marketing_cost as double)
    / nullif(new_customers, 0) as cost_per_acquisition
from joined
where marketing_cost != 0 or new_customers != 0
