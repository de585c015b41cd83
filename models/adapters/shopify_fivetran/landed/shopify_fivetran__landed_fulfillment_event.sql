-- the loader's table `fulfillment_event`, as landed (macro landed_table)
select *
from {{ landed_table('shopify_fivetran', 'fulfillment_event') }} as landed
