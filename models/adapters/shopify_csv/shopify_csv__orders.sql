-- The orders of Shopify's orders export as raw contract `orders` (D73):
-- a POS order is a store order at its `Location`; `Cancelled at` set is
-- cancelled; the customer is the salted hash of the e-mail (none without
-- one); the shipping fee is `Shipping` without its tax where prices
-- include tax. No session (a web analytics adapter links it) and no
-- promotion (the discounts are in the lines).
with

orders as (

    select * from {{ ref('shopify_csv__order_context') }}

),

final as (

    select
        {{ contract_id('shopify', 'source_order_id') }} as order_id,
        customer_id,
        cast(null as varchar) as session_id,
        case when is_store_order then 'store' else 'webshop' end
            as sales_channel,
        case
            when is_store_order then {{ contract_id('shopify', 'location') }}
        end as store_id,
        ordered_at_text as ordered_at,
        case when is_cancelled then 'cancelled' else 'completed' end as status,
        cast(null as varchar) as promotion_id,
        {{ contract_money_text('shipping * net_share * fx_rate') }}
            as shipping_fee,
        coalesce(dq_file_issue, export_issue, fx_issue) as dq_file_issue
    from orders

)

select * from final
