-- Orders, net revenue and discounts summed over kpi_average_order_value and
-- kpi_discount_margin_impact equal those of all valid orders; margin too.
with

valid_orders as (

    select
        count(*) as orders,
        sum(net_revenue) as net_revenue,
        sum(discount_amount) as discount_amount,
        sum(gross_margin) as gross_margin
    from {{ ref('int_orders_enriched') }}
    where is_valid

),

aov as (

    select
        sum(orders) as orders,
        sum(net_revenue) as net_revenue,
        sum(discount_amount) as discount_amount
    from {{ ref('kpi_average_order_value') }}

),

discounts as (

    select
        sum(orders) as orders,
        sum(net_revenue) as net_revenue,
        sum(discount_amount) as discount_amount,
        sum(gross_margin) as gross_margin
    from {{ ref('kpi_discount_margin_impact') }}

)

select
    valid_orders.net_revenue,
    aov.net_revenue as aov_net_revenue,
    discounts.net_revenue as discount_mart_net_revenue
from valid_orders
cross join aov
cross join discounts
where
    aov.orders != valid_orders.orders
    or aov.net_revenue != valid_orders.net_revenue
    or aov.discount_amount != valid_orders.discount_amount
    or discounts.orders != valid_orders.orders
    or discounts.net_revenue != valid_orders.net_revenue
    or discounts.discount_amount != valid_orders.discount_amount
    or discounts.gross_margin != valid_orders.gross_margin
