select
    invoice as order_id,
    any_value(customer_id) as customer_id,
    cast(null as varchar) as session_id,
    case when any_value(customer_id) is null then 'store' else 'webshop' end
        as sales_channel,
    case when any_value(customer_id) is null then {anonymous_store_id} end
        as store_id,
    any_value(invoice_at) as ordered_at,
    'completed' as status,
    cast(null as varchar) as promotion_id,
    cast(coalesce(sum(quantity * unit_price) filter (
        where code_class = 'postage' and outcome = 'mapped'
    ), 0) as decimal(18, 2)) as shipping_fee
from lines
where invoice_kind = 'sale' and has_priced_product and not is_unreadable
group by invoice
order by invoice
