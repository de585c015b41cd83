-- Order lines with their final quarantine rule: their own rules, then the
-- order they belong to (orphans follow their order into quarantine).
with

order_lines as (

    select * from {{ ref('base_shop__order_lines_rows') }}

),

orders as (

    select * from {{ ref('base_shop__orders') }}

),

final as (

    select
        order_lines.*,
        coalesce(
            order_lines.dq_line_rule,
            {{ dq_reference('order_lines.order_id', 'orders', 'orders') }}
        ) as dq_rule
    from order_lines
    left join {{ dq_parent('orders', 'order_id') }} as orders
        on order_lines.order_id = orders.parent_key

)

select * from final
