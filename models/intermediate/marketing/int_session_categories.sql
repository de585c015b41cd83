-- One row per session and product category it viewed: whether the session
-- bought that category in a valid webshop order.
with

sessions as (

    select * from {{ ref('stg_web_analytics__sessions') }}

),

product_views as (

    select * from {{ ref('stg_web_analytics__product_views') }}

),

products as (

    select * from {{ ref('stg_shop__products') }}

),

orders as (

    select * from {{ ref('int_orders_enriched') }}

),

order_lines as (

    select * from {{ ref('int_order_lines_enriched') }}

),

-- a session counts once per category it viewed, however many views
viewed as (

    select distinct
        product_views.session_id,
        products.category
    from product_views
    inner join products
        on product_views.product_id = products.product_id

),

bought as (

    select distinct
        orders.session_id,
        order_lines.category
    from orders
    inner join order_lines
        on orders.order_id = order_lines.order_id
    where
        orders.is_valid
        and orders.sales_channel = 'webshop'
        and orders.session_id is not null

),

final as (

    select
        viewed.session_id,
        viewed.category,
        sessions.session_date,
        sessions.device_category,
        sessions.channel,
        bought.session_id is not null as is_converting
    from viewed
    inner join sessions
        on viewed.session_id = sessions.session_id
    left join bought
        on
            viewed.session_id = bought.session_id
            and viewed.category = bought.category

)

select * from final
