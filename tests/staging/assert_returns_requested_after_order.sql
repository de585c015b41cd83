-- A return cannot be requested before its order was placed.
with

returns as (

    select * from {{ ref('stg_returns__returns') }}

),

order_lines as (

    select * from {{ ref('stg_shop__order_lines') }}

),

orders as (

    select * from {{ ref('stg_shop__orders') }}

)

select
    returns.return_id,
    returns.requested_at,
    orders.ordered_at
from returns
inner join order_lines
    on returns.order_line_id = order_lines.order_line_id
inner join orders
    on order_lines.order_id = orders.order_id
where returns.requested_at < orders.ordered_at
