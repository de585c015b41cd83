-- Shopify locations as raw contract `stores` (D71): every location, since
-- any can sell through POS; a store without door counts or store orders
-- adds no row to any mart.
select
    {{ contract_id('shopify', 'id') }} as store_id,
    {{ landed_text('name') }} as store_name,
    {{ landed_text('city') }} as city,
    dq_file_issue
from {{ ref('shopify_fivetran__landed_location') }}
