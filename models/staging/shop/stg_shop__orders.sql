-- The rows that passed the quarantine (dq_rule NULL in the base model).
with

base as (

    select * from {{ ref('base_shop__orders') }}

),

final as (

    select
        order_id,
        customer_id,
        session_id,
        store_id,
        promotion_id,
        sales_channel,
        order_status,
        ordered_at,
        shipping_fee,
        order_status = 'cancelled' as is_cancelled,
        {{ to_local_date('ordered_at') }} as order_date
    from base
    where dq_rule is null

)

select * from final
