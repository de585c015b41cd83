with

ad_performance as (

    select * from {{ ref('int_ad_performance_enriched') }}

),

marketing_costs as (

    select * from {{ ref('stg_marketing__marketing_costs') }}

),

costs as (

    select
        report_date as date_day,
        channel,
        ad_cost,
        0 as other_marketing_cost
    from ad_performance

    union all

    select
        cost_date as date_day,
        channel,
        0 as ad_cost,
        amount as other_marketing_cost
    from marketing_costs

),

final as (

    select
        date_day,
        channel,
        sum(ad_cost) as ad_cost,
        sum(other_marketing_cost) as other_marketing_cost,
        sum(ad_cost) + sum(other_marketing_cost) as marketing_cost
    from costs
    group by date_day, channel

)

select * from final
