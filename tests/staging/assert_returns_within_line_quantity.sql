-- All returns of an order line together may not exceed the quantity sold.
with

returns as (

    select * from {{ ref('stg_returns__returns') }}

),

order_lines as (

    select * from {{ ref('stg_shop__order_lines') }}

),

returned_per_line as (

    select
        order_line_id,
        sum(returned_quantity) as returned_quantity
    from returns
    group by order_line_id

)

select
    returned_per_line.order_line_id,
    returned_per_line.returned_quantity,
    order_lines.quantity
from returned_per_line
inner join order_lines
    on returned_per_line.order_line_id = order_lines.order_line_id
where returned_per_line.returned_quantity > order_lines.quantity
