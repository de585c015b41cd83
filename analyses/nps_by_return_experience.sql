-- Do customers who returned something recommend us less? NPS of responses
-- from customers with and without a return of a valid order.
with

responses as (

    select * from {{ ref('stg_survey__nps_responses') }}

),

returns as (

    select * from {{ ref('int_returns_enriched') }}

),

order_lines as (

    select * from {{ ref('int_order_lines_enriched') }}

),

returning_customers as (

    select distinct order_lines.customer_id
    from returns
    inner join order_lines
        on returns.order_line_id = order_lines.order_line_id
    where returns.is_valid and order_lines.customer_id is not null

),

final as (

    select
        returning_customers.customer_id is not null as has_returned,
        count(*) as responses,
        100.0 * (
            count(case when responses.score >= 9 then 1 end)
            - count(case when responses.score <= 6 then 1 end)
        ) / count(*) as net_promoter_score
    from responses
    left join returning_customers
        on responses.customer_id = returning_customers.customer_id
    group by returning_customers.customer_id is not null

)

select * from final
