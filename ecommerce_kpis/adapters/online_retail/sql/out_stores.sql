select
    {anonymous_store_id} as store_id,
    'Sales without customer account' as store_name,
    cast(null as varchar) as city
where exists (
    select 1 as found from lines
    where
        invoice_kind = 'sale' and has_priced_product and customer_id is null
        and not is_unreadable
)
