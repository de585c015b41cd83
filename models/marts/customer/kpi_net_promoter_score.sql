with

responses as (

    select * from {{ ref('stg_survey__nps_responses') }}

),

customers as (

    select * from {{ ref('stg_shop__customers') }}

),

daily as (

    select
        responses.responded_date as date_day,
        responses.touchpoint,
        coalesce(customers.customer_type, 'unknown') as customer_type,
        count(*) as responses,
        sum(case when responses.score >= 9 then 1 else 0 end) as promoters,
        sum(case when responses.score between 7 and 8 then 1 else 0 end)
            as passives,
        sum(case when responses.score <= 6 then 1 else 0 end) as detractors
    from responses
    left join customers
        on responses.customer_id = customers.customer_id
    group by
        responses.responded_date,
        responses.touchpoint,
        coalesce(customers.customer_type, 'unknown')

),

final as (

    select
        date_day,
        touchpoint,
        customer_type,
        {{ to_count('responses') }} as responses,
        {{ to_count('promoters') }} as promoters,
        {{ to_count('passives') }} as passives,
        {{ to_count('detractors') }} as detractors,
        100 * {{ safe_divide('promoters - detractors', 'responses') }}
            as net_promoter_score
    from daily

)

select * from final
