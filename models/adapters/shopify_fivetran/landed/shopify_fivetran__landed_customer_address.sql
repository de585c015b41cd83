-- the loader's table `customer_address`, as landed (macro landed_table)
select *
from {{ landed_table('shopify_fivetran', 'customer_address') }} as landed
