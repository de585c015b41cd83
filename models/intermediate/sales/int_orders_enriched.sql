{{ config(**incremental_by_date('order_date')) }}

{%- set window_start = incremental_window_start('order_date') %}

with

orders as (

    select * from {{ ref('stg_shop__orders') }}
    where {{ incremental_window('order_date', window_start) }}

),

order_lines as (

    select * from {{ ref('int_order_lines_priced') }}
    {% if window_start is not none -%}
    where order_id in (select orders.order_id from orders)
    {%- endif %}

),

customers as (

    select * from {{ ref('stg_shop__customers') }}

),

sessions as (

    select * from {{ ref('stg_web_analytics__sessions') }}
    {% if window_start is not none -%}
    where session_id in (select orders.session_id from orders)
    {%- endif %}

),

order_totals as (

    select
        order_id,
        count(*) as order_lines,
        sum(quantity) as items,
        sum(gross_revenue) as gross_revenue,
        sum(discount_amount) as discount_amount,
        sum(net_revenue) as net_revenue,
        sum(cogs) as cogs,
        sum(gross_margin) as gross_margin
    from order_lines
    group by order_id

),

joined as (

    select
        orders.order_id,
        orders.customer_id,
        orders.session_id,
        orders.store_id,
        orders.promotion_id,
        orders.sales_channel,
        orders.order_status,
        not orders.is_cancelled as is_valid,
        orders.ordered_at,
        orders.order_date,
        orders.shipping_fee,
        coalesce(customers.customer_type, 'unknown') as customer_type,

        -- attribution: the session the order was placed in, if it is known
        sessions.session_id is not null as has_known_session,
        sessions.session_start_at,
        sessions.channel as session_channel,
        sessions.device_category as session_device_category,
        sessions.campaign_id as session_campaign_id,
        case
            when orders.sales_channel = 'store' then 'store'
            when sessions.session_id is null then 'unattributed'
            else sessions.channel
        end as attribution_channel,

        -- amounts
        coalesce(order_totals.order_lines, 0) as order_lines,
        coalesce(order_totals.items, 0) as items,
        coalesce(order_totals.gross_revenue, 0) as gross_revenue,
        coalesce(order_totals.discount_amount, 0) as discount_amount,
        coalesce(order_totals.net_revenue, 0) as net_revenue,
        coalesce(order_totals.cogs, 0) as cogs,
        coalesce(order_totals.gross_margin, 0) as gross_margin
    from orders
    left join order_totals
        on orders.order_id = order_totals.order_id
    left join customers
        on orders.customer_id = customers.customer_id
    left join sessions
        on orders.session_id = sessions.session_id

),

{% if window_start is not none -%}
-- an incremental run numbers a customer's orders after the ones the table
-- already holds on earlier dates
settled as (

    select
        customer_id,
        ordered_at,
        order_id
    from {{ this }}
    where
        order_date < {{ window_start }}
        and is_valid
        and customer_id in (select joined.customer_id from joined)

),

{% endif -%}

numbered as (

    select
        order_id,
        row_number() over (
            partition by customer_id
            order by ordered_at, order_id
        ) as customer_order_number
    from (
        select
            customer_id,
            ordered_at,
            order_id
        from joined
        where is_valid and customer_id is not null
        {% if window_start is not none -%}
        union all
        select
            customer_id,
            ordered_at,
            order_id
        from settled
        {%- endif %}
    ) as valid_customer_orders

),

sequenced as (

    select
        joined.*,
        numbered.customer_order_number
    from joined
    left join numbered
        on joined.order_id = numbered.order_id

),

final as (

    select
        *,
        case
            when not is_valid then null
            when customer_id is null then 'unknown'
            when customer_order_number = 1 then 'new'
            else 'returning'
        end as customer_status
    from sequenced

)

select * from final
