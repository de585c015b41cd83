with

order_lines as (

    select * from {{ ref('int_order_lines_enriched') }}

),

returns as (

    select * from {{ ref('int_returns_enriched') }}

),

returned_per_line as (

    -- any return row counts, received or still in transit
    select
        order_line_id,
        sum(returned_quantity) as items_returned,
        sum(refund_amount) as refund_amount
    from returns
    group by order_line_id

),

daily as (

    select
        order_lines.order_date as date_day,
        order_lines.category,
        order_lines.brand,
        order_lines.customer_type,
        sum(order_lines.quantity) as items_sold,
        coalesce(sum(returned_per_line.items_returned), 0) as items_returned,
        sum(order_lines.net_revenue) as net_revenue,
        coalesce(sum(returned_per_line.refund_amount), 0) as refund_amount
    from order_lines
    left join returned_per_line
        on order_lines.order_line_id = returned_per_line.order_line_id
    where order_lines.is_valid
    group by
        order_lines.order_date,
        order_lines.category,
        order_lines.brand,
        order_lines.customer_type

),

final as (

    select
        date_day,
        category,
        brand,
        customer_type,
        {{ to_count('items_sold') }} as items_sold,
        {{ to_count('items_returned') }} as items_returned,
        {{ safe_divide('items_returned', 'items_sold') }} as return_rate,
        {{ to_money('net_revenue') }} as net_revenue,
        {{ to_money('refund_amount') }} as refund_amount
    from daily

)

select * from final
