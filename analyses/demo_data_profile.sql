-- A first look at a raw feed: the figures an analyst checks before trusting
-- it (webshop conversion, return rate per category, first-time delivery,
-- NPS). Run with `dbt compile` and paste into any DuckDB client.
with

sessions as (

    select * from {{ ref('stg_web_analytics__sessions') }}

),

orders as (

    select * from {{ ref('stg_shop__orders') }}

),

order_lines as (

    select * from {{ ref('stg_shop__order_lines') }}

),

products as (

    select * from {{ ref('stg_shop__products') }}

),

returns as (

    select * from {{ ref('stg_returns__returns') }}

),

shipments as (

    select * from {{ ref('stg_warehouse__shipments') }}

),

nps_responses as (

    select * from {{ ref('stg_survey__nps_responses') }}

),

webshop_conversion as (

    select
        'webshop conversion rate' as figure,
        'all' as breakdown,
        count(orders.order_id) * 1.0 / count(*) as figure_value
    from sessions
    left join orders
        on
            sessions.session_id = orders.session_id
            and not orders.is_cancelled

),

returned_per_line as (

    select
        order_line_id,
        sum(returned_quantity) as returned_quantity
    from returns
    group by order_line_id

),

return_rate as (

    select
        'return rate' as figure,
        products.category as breakdown,
        sum(coalesce(returned_per_line.returned_quantity, 0)) * 1.0
        / sum(order_lines.quantity) as figure_value
    from order_lines
    inner join orders
        on order_lines.order_id = orders.order_id
    inner join products
        on order_lines.product_id = products.product_id
    left join returned_per_line
        on order_lines.order_line_id = returned_per_line.order_line_id
    where not orders.is_cancelled
    group by products.category

),

first_time_delivery as (

    select
        'first-time delivery rate' as figure,
        'all' as breakdown,
        avg(
            case
                when
                    shipments.is_delivered
                    and shipments.delivery_attempts = 1
                    and shipments.delivered_date
                    <= shipments.promised_delivery_date
                    and not shipments.has_fulfilment_error
                    then 1.0
                else 0.0
            end
        ) as figure_value
    from shipments
    inner join orders
        on shipments.order_id = orders.order_id
    where not orders.is_cancelled

),

net_promoter_score as (

    select
        'net promoter score' as figure,
        'all' as breakdown,
        100.0 * (
            count(*) filter (where score >= 9)
            - count(*) filter (where score <= 6)
        ) / count(*) as figure_value
    from nps_responses

),

final as (

    select * from webshop_conversion
    union all
    select * from return_rate
    union all
    select * from first_time_delivery
    union all
    select * from net_promoter_score

)

select * from final
