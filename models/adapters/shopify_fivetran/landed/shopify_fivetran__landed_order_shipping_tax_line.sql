-- the loader's table `order_shipping_tax_line`, as landed (macro landed_table)
select *
from {{ landed_table('shopify_fivetran', 'order_shipping_tax_line') }} as landed
