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
        coalesce(promotion_id, 'none') as promotion_id,
        count(*) as orders,
        sum(gross_revenue) as gross_revenue,
        sum(discount_amount) as discount_amount,
        sum(net_revenue) as net_revenue,
        sum(cogs) as cogs,
        sum(gross_margin) as gross_margin
    from orders
    where is_valid
    group by order_date, coalesce(promotion_id, 'none')

),

final as (

    select
        date_day,
        promotion_id,
        {{ to_count('orders') }} as orders,
        {{ to_money('gross_revenue') }} as gross_revenue,
        {{ to_money('discount_amount') }} as discount_amount,
        {{ to_money('net_revenue') }} as net_revenue,
        {{ to_money('cogs') }} as cogs,
        {{ to_money('gross_margin') }} as gross_margin,
        {{ safe_divide('gross_margin', 'net_revenue') }} as gross_margin_rate,
        {{ safe_divide('gross_margin', 'orders') }} as margin_per_order,
        {{ safe_divide('discount_amount', 'gross_revenue') }} as discount_rate,
        {{ safe_divide('discount_amount', 'gross_revenue - cogs') }}
            as margin_erosion_rate
    from daily

)

select * from final
