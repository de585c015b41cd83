-- WooCommerce orders as raw contract `orders` (D74): webshop orders (the
-- POS orders of a store system come from raw_data_path), the customer or
-- the guest's key, the status as order_context maps it, the first coupon
-- as promotion, the shipping charged without tax. No session (the web
-- analytics adapter links them).
with

orders as (

    select * from {{ ref('woocommerce__order_context') }}
    where set_aside_reason is null

),

final as (

    select
        {{ contract_id('woocommerce', 'source_order_id') }} as order_id,
        {{ contract_id('woocommerce', 'customer_key') }} as customer_id,
        cast(null as varchar) as session_id,
        'webshop' as sales_channel,
        cast(null as varchar) as store_id,
        ordered_at_text as ordered_at,
        status,
        {{ contract_id('woocommerce', 'coupon_code') }} as promotion_id,
        {{ contract_money_text('coalesce(shipping_total, 0) * fx_rate') }}
            as shipping_fee,
        coalesce(dq_file_issue, fx_issue) as dq_file_issue
    from orders

)

select * from final
