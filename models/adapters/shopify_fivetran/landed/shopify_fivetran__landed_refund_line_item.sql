-- the loader's table `refund_line_item`, as landed (macro landed_table)
select *
from {{ landed_table('shopify_fivetran', 'refund_line_item') }} as landed
