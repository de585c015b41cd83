-- Per category, sessions_viewing summed over kpi_category_conversion_rate =
-- distinct (session, category) pairs of the clean product views, and
-- sessions_converting = those pairs with a valid webshop order of the session
-- holding a line of the category, counted here from staging and the order
-- facts, not from int_session_categories. A category on one side only fails.
with

mart as (

    select
        category,
        sum(sessions_viewing) as sessions_viewing,
        sum(sessions_converting) as sessions_converting
    from {{ ref('kpi_category_conversion_rate') }}
    group by category

),

viewed as (

    select distinct
        product_views.session_id,
        products.category
    from {{ ref('stg_web_analytics__product_views') }} as product_views
    inner join {{ ref('stg_shop__products') }} as products
        on product_views.product_id = products.product_id

),

bought as (

    select distinct
        orders.session_id,
        products.category
    from {{ ref('int_orders_enriched') }} as orders
    inner join {{ ref('stg_shop__order_lines') }} as order_lines
        on orders.order_id = order_lines.order_id
    inner join {{ ref('stg_shop__products') }} as products
        on order_lines.product_id = products.product_id
    where orders.is_valid and orders.sales_channel = 'webshop'

),

facts as (

    select
        viewed.category,
        count(*) as sessions_viewing,
        count(bought.session_id) as sessions_converting
    from viewed
    left join bought
        on
            viewed.session_id = bought.session_id
            and viewed.category = bought.category
    group by viewed.category

)

select
    coalesce(mart.category, facts.category) as category,
    mart.sessions_viewing as mart_sessions_viewing,
    facts.sessions_viewing as fact_sessions_viewing,
    mart.sessions_converting as mart_sessions_converting,
    facts.sessions_converting as fact_sessions_converting
from mart
full outer join facts
    on mart.category = facts.category
where
    mart.sessions_viewing is distinct from facts.sessions_viewing
    or mart.sessions_converting is distinct from facts.sessions_converting
