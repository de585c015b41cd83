{{ config(**incremental_by_date('date_day')) }}

{%- set window_start = incremental_window_start('date_day') %}

with

orders as (

    select * from {{ ref('int_orders_enriched') }}
    where {{ incremental_window('order_date', window_start) }}

),

daily as (

    select
        order_date as date_day,
        sales_channel,
        customer_status,
        customer_type,
        count(*) as orders,
        sum(net_revenue) as net_revenue,
        sum(discount_amount) as discount_amount
    from orders
    where is_valid
    group by order_date, sales_channel, customer_status, customer_type

),

final as (

    select
        date_day,
        sales_channel,
        customer_status,
        customer_type,
        {{ to_count('orders') }} as orders,
        {{ to_money('net_revenue') }} as net_revenue,
        {{ to_money('discount_amount') }} as discount_amount,
        {{ safe_divide('net_revenue', 'orders') }} as average_order_value
    from daily

)

select * from final
