-- Which acquisition channels pay back? Lifetime value against acquisition
-- cost per channel, B2C and B2B together, re-aggregated from the mart's
-- numerators and denominators (not averaged ratios).
with

lifetime_value as (

    select * from {{ ref('kpi_customer_lifetime_value') }}

),

per_channel as (

    select
        acquisition_channel,
        sum(customers) as customers,
        sum(customer_lifetime_value * customers) as total_lifetime_value,
        max(acquisition_marketing_cost) as acquisition_marketing_cost,
        max(acquired_customers) as acquired_customers
    from lifetime_value
    group by acquisition_channel

),

final as (

    select
        acquisition_channel,
        customers,
        total_lifetime_value / nullif(customers, 0) as customer_lifetime_value,
        acquisition_marketing_cost / nullif(acquired_customers, 0)
            as cost_per_acquisition,
        (total_lifetime_value / nullif(customers, 0))
        / nullif(acquisition_marketing_cost / nullif(acquired_customers, 0), 0)
            as clv_to_cpa_ratio
    from per_channel

)

select * from final
order by clv_to_cpa_ratio desc nulls last
