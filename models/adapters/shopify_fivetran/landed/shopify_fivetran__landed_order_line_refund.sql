-- the loader's table `order_line_refund`, as landed (macro landed_table)
select *
from {{ landed_table('shopify_fivetran', 'order_line_refund') }} as landed
