-- What became of each kept GA4 purchase event (D85): linked to its order,
-- or why not. The first purchase of a transaction links; one sent again is
-- counted, never linked; a transaction_id that names no order is counted
-- and warned about (the test on outcome); an order with a session_id of its
-- own keeps it. Reads the orders after the link (base_shop__orders).
with

events as (

    select * from {{ ref('ga4_bigquery__event_context') }}

),

links as (

    select * from {{ ref('ga4_bigquery__order_sessions') }}

),

orders as (

    select * from {{ ref('base_shop__orders') }}

),

purchases as (

    select
        event_key,
        transaction_id,
        session_id,
        dq_file_issue,
        -- consent-mode purchases are ranked apart: they never link
        row_number() over (
            partition by transaction_id, dq_file_issue is null
            order by event_micros, event_key
        ) as purchase_number
    from events
    where event_name = 'purchase' and set_aside_reason is null

),

matched as (

    select distinct
        links.transaction_id,
        orders.order_id,
        orders.sales_channel,
        orders.session_id
    from links
    inner join orders
        on links.order_id = orders.order_id

),

final as (

    select
        purchases.event_key,
        purchases.transaction_id,
        purchases.session_id,
        matched.order_id,
        case
            when purchases.dq_file_issue is not null
                then 'not linked: no session (consent mode)'
            when coalesce(purchases.transaction_id, '(not set)') = '(not set)'
                then 'not linked: no transaction_id'
            when purchases.purchase_number > 1
                then 'not linked: purchase sent again (the first links)'
            when matched.order_id is null
                then 'not linked: no such order'
            when matched.sales_channel != 'webshop'
                then 'not linked: a store order'
            when matched.session_id = purchases.session_id then 'linked'
            -- an incremental run built the order before the purchase landed
            when matched.session_id is null
                then 'not linked: the order was built without it'
            else 'not linked: the order has a session of its own'
        end as outcome
    from purchases
    left join matched
        on
            purchases.transaction_id = matched.transaction_id
            and purchases.purchase_number = 1

)

select * from final
