-- the loader's table `return_line_item`, as landed (macro landed_table)
select *
from {{ landed_table('shopify_fivetran', 'return_line_item') }} as landed
