-- Orders, net revenue and discounts summed over kpi_average_order_value and
-- kpi_discount_margin_impact equal those of all valid orders; margin too.
-- A sum over no rows counts as 0, so an empty mart fails against a non-zero
-- total.
with

valid_orders as (

    select
        count(*) as orders,
        coalesce(sum(net_revenue), 0) as net_revenue,
        coalesce(sum(discount_amount), 0) as discount_amount,
        coalesce(sum(gross_margin), 0) as gross_margin
    from {{ ref('int_orders_enriched') }}
    where is_valid

),

aov as (

    select
        coalesce(sum(orders), 0) as orders,
        coalesce(sum(net_revenue), 0) as net_revenue,
        coalesce(sum(discount_amount), 0) as discount_amount
    from {{ ref('kpi_average_order_value') }}

),

discounts as (

    select
        coalesce(sum(orders), 0) as orders,
        coalesce(sum(net_revenue), 0) as net_revenue,
        coalesce(sum(discount_amount), 0) as discount_amount,
        coalesce(sum(gross_margin), 0) as gross_margin
    from {{ ref('kpi_discount_margin_impact') }}

)

select
    valid_orders.orders,
    aov.orders as aov_orders,
    discounts.orders as discount_mart_orders,
    valid_orders.net_revenue,
    aov.net_revenue as aov_net_revenue,
    discounts.net_revenue as discount_mart_net_revenue
from valid_orders
cross join aov
cross join discounts
where
    aov.orders is distinct from valid_orders.orders
    or aov.net_revenue is distinct from valid_orders.net_revenue
    or aov.discount_amount is distinct from valid_orders.discount_amount
    or discounts.orders is distinct from valid_orders.orders
    or discounts.net_revenue is distinct from valid_orders.net_revenue
    or discounts.discount_amount is distinct from valid_orders.discount_amount
    or discounts.gross_margin is distinct from valid_orders.gross_margin
