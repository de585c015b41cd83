-- The `Location` of Shopify's POS orders as raw contract `stores` (D73):
-- the export has a location's name only, so it is the store's id and name.
select
    {{ contract_id('shopify', 'location') }} as store_id,
    location as store_name,
    cast(null as varchar) as city,
    cast(null as varchar) as dq_file_issue
from {{ ref('shopify_csv__order_context') }}
where is_store_source
