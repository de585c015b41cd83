-- Shopify locations as raw contract `warehouses` (D71): a fulfillment
-- service's location is a partner's, every other one the shop's own.
select
    {{ contract_id('shopify', 'id') }} as warehouse_id,
    {{ landed_text('name') }} as warehouse_name,
    case
        when
            coalesce(
                {{ landed_bool('is_fulfillment_service') }},
                {{ landed_bool('legacy') }},
                false
            )
            then 'partner'
        else 'own'
    end as operator,
    dq_file_issue
from {{ ref('shopify_fivetran__landed_location') }}
