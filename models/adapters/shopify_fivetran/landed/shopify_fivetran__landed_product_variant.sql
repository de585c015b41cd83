-- the loader's table `product_variant`, as landed (macro landed_table)
select *
from {{ landed_table('shopify_fivetran', 'product_variant') }} as landed
