-- Every order has at least one line (docs/spec/raw-tables.md#references).
with

orders as (

    select * from {{ ref('stg_shop__orders') }}

),

order_lines as (

    select * from {{ ref('stg_shop__order_lines') }}

)

select orders.order_id
from orders
left join order_lines
    on orders.order_id = order_lines.order_id
where order_lines.order_line_id is null
