-- the loader's table `fulfillment_tracking_info`, as landed (landed_table)
select *
from
    {{ landed_table('shopify_fivetran', 'fulfillment_tracking_info') }}
        as landed
