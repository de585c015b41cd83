{{ config(**incremental_by_date('date_day')) }}

{%- set window_start = incremental_window_start('date_day') %}

with

sessions as (

    select * from {{ ref('stg_web_analytics__sessions') }}
    where {{ incremental_window('session_date', window_start) }}

),

orders as (

    select * from {{ ref('int_orders_enriched') }}
    where {{ incremental_window('order_date', window_start) }}

),

store_days as (

    select * from {{ ref('int_store_days') }}
    where {{ incremental_window('date_day', window_start) }}

),

webshop_visitors as (

    select
        session_date as date_day,
        count(distinct visitor_id) as visitors
    from sessions
    group by session_date

),

webshop_orders as (

    select
        order_date as date_day,
        count(*) as transactions
    from orders
    where is_valid and sales_channel = 'webshop'
    group by order_date

),

webshop as (

    select
        coalesce(webshop_visitors.date_day, webshop_orders.date_day)
            as date_day,
        'webshop' as location,
        coalesce(webshop_visitors.visitors, 0) as visitors,
        coalesce(webshop_orders.transactions, 0) as transactions
    from webshop_visitors
    full outer join webshop_orders
        on webshop_visitors.date_day = webshop_orders.date_day

),

stores as (

    select
        date_day,
        store_id as location,
        visitors,
        transactions
    from store_days

),

unioned as (

    select * from webshop
    union all
    select * from stores

),

final as (

    select
        date_day,
        location,
        {{ to_count('visitors') }} as visitors,
        {{ to_count('transactions') }} as transactions
    from unioned
    where coalesce(visitors, 0) != 0 or transactions != 0

)

select * from final
