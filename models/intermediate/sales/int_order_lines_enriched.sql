{{ config(**incremental_by_date('order_date')) }}

{%- set window_start = incremental_window_start('order_date') %}

with

order_lines as (

    select * from {{ ref('int_order_lines_priced') }}
    where {{ incremental_window('order_date', window_start) }}

),

orders as (

    select * from {{ ref('int_orders_enriched') }}
    where {{ incremental_window('order_date', window_start) }}

),

final as (

    select
        {{ star_except(['order_lines.order_date'], 'order_lines') }},
        orders.customer_id,
        orders.customer_type,
        orders.sales_channel,
        orders.promotion_id,
        orders.is_valid,
        orders.ordered_at,
        orders.order_date
    from order_lines
    inner join orders
        on order_lines.order_id = orders.order_id

)

select * from final
