-- The elements of `orders.line_items` (a JSON array the loader keeps in
-- the order's row), one row each: the rows of order lines as landed, with
-- their order's id and file issue.
with

orders as (

    select * from {{ ref('woocommerce__landed_orders') }}

),

final as (

    select
        orders.id as order_id,
        orders.dq_file_issue,
        cast(
            unnest({{ landed_json_elements('orders.line_items') }}) as varchar
        ) as line_item
    from orders

)

select * from final
