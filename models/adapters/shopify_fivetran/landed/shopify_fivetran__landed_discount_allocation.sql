-- the loader's table `discount_allocation`, as landed (macro landed_table)
select *
from {{ landed_table('shopify_fivetran', 'discount_allocation') }} as landed
