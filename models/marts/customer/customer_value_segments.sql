{#- One row per customer with a value tier, a recency status and one
    segment, as of the as-of date, for a marketing tool to import by its own
    customer id (D82). Active means what the churn KPI means: a valid order
    dated in (as_of_date - W, as_of_date]. -#}
{%- set inactivity_days = number_var('churn_inactivity_days', 180) | int -%}
{%- set new_days = number_var('segment_new_customer_days', 90) | int -%}
{%- set high_share = number_var('segment_high_value_share', 0.2) | float -%}
{%- set medium_share = number_var('segment_medium_value_share', 0.4) | float -%}
{%- if high_share + medium_share > 1 -%}
    {{ exceptions.raise_compiler_error(
        "vars segment_high_value_share + segment_medium_value_share"
        ~ " must be at most 1, got " ~ high_share ~ " + " ~ medium_share) }}
{%- endif -%}

with

customers as (

    select * from {{ ref('stg_shop__customers') }}

),

customer_orders as (

    select * from {{ ref('int_customer_orders') }}

),

as_of as (

    select * from {{ ref('int_as_of_date') }}

),

buyers as (

    select
        customer_orders.customer_id,
        count(*) as valid_orders,
        min(customer_orders.order_date) as first_order_date,
        max(customer_orders.order_date) as last_order_date,
        sum(customer_orders.net_revenue) as lifetime_net_revenue,
        sum(customer_orders.gross_margin) as lifetime_gross_margin
    from customer_orders
    cross join as_of
    where customer_orders.order_date <= as_of.as_of_date
    group by customer_orders.customer_id

),

ranked as (

    -- buyers_above: buyers with a strictly higher lifetime net revenue, so
    -- that equal revenues share a tier
    select
        *,
        count(*) over () as buyers,
        rank() over (order by lifetime_net_revenue desc) - 1 as buyers_above
    from buyers

),

tiered as (

    select
        ranked.*,
        -- bigint on every engine (Spark's datediff gives int)
        cast(
            {{ dbt.datediff(
                'ranked.last_order_date', 'as_of.as_of_date', 'day'
            ) }}
            as {{ dbt.type_bigint() }}
        ) as days_since_last_order,
        case
            when ranked.buyers_above < {{ high_share }} * ranked.buyers
                then 'high'
            when
                ranked.buyers_above
                < {{ high_share + medium_share }} * ranked.buyers
                then 'medium'
            else 'low'
        end as value_tier,
        case
            when
                ranked.last_order_date
                > {{ add_days('as_of.as_of_date', -inactivity_days) }}
                then 'active'
            else 'lapsed'
        end as recency_status,
        coalesce(
            ranked.first_order_date
            > {{ add_days('as_of.as_of_date', -new_days) }},
            false
        ) as is_new
    from ranked
    cross join as_of

),

final as (

    select
        customers.customer_id,
        -- the platform prefix of an adapter's id (`shopify:450789469`, D71)
        -- split off: the id the shop platform, and so its marketing tool,
        -- knows
        nullif(
            regexp_extract(customers.customer_id, '^([a-z0-9_]+):', 1), ''
        ) as source_platform,
        case
            when customers.customer_id like '%:%'
                then
                    regexp_extract(
                        customers.customer_id, '^[a-z0-9_]+:(.*)$', 1
                    )
            else customers.customer_id
        end as source_customer_id,
        customers.customer_type,
        as_of.as_of_date,
        tiered.first_order_date,
        tiered.last_order_date,
        coalesce(tiered.valid_orders, 0) as valid_orders,
        {{ to_money('coalesce(tiered.lifetime_net_revenue, 0)') }}
            as lifetime_net_revenue,
        {{ to_money('coalesce(tiered.lifetime_gross_margin, 0)') }}
            as lifetime_gross_margin,
        tiered.days_since_last_order,
        tiered.value_tier,
        tiered.recency_status,
        case
            when tiered.customer_id is null then 'prospect'
            when tiered.is_new then 'new'
            when tiered.recency_status = 'lapsed'
                then
                    case
                        when tiered.value_tier = 'low' then 'lost'
                        else 'at_risk'
                    end
            when tiered.value_tier = 'high' then 'champion'
            when tiered.value_tier = 'medium' then 'loyal'
            else 'promising'
        end as segment
    from customers
    cross join as_of
    left join tiered
        on customers.customer_id = tiered.customer_id
    -- customers who existed on the as-of date (or bought by then)
    where
        customers.created_date <= as_of.as_of_date
        or tiered.customer_id is not null

)

select * from final
