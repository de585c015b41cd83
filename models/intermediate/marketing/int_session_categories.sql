-- One row per session and product category it viewed: whether the session
-- bought that category in a valid webshop order. Incremental by session: a
-- run recomputes the sessions its new views, orders and sessions can touch
-- (session_categories_in_scope, D105).
{{ config(**incremental_by_keys(
    'session_date', 'session_id', 'session_categories_in_scope'
)) }}

{%- set window_start = incremental_window_start('session_date') %}

{%- set in_scope = 'session_id in (select in_scope.session_id from in_scope)' %}

with

{% if window_start is not none -%}
-- the sessions to recompute, found by the pre-hook
-- (session_categories_in_scope)
in_scope as (

    select session_id from {{ incremental_scope_table() }}

),

{% endif -%}

sessions as (

    select * from {{ ref('stg_web_analytics__sessions') }}
    where {{ incremental_only(in_scope, window_start) }}

),

product_views as (

    select * from {{ ref('stg_web_analytics__product_views') }}
    where {{ incremental_only(in_scope, window_start) }}

),

products as (

    select * from {{ ref('stg_shop__products') }}

),

orders as (

    select * from {{ ref('int_orders_enriched') }}
    where {{ incremental_only(in_scope, window_start) }}

),

order_lines as (

    select * from {{ ref('int_order_lines_enriched') }}
    {% if window_start is not none -%}
    where order_id in (select orders.order_id from orders)
    {%- endif %}

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
