-- the loader's table `inventory_item`, as landed (macro landed_table)
select * from {{ landed_table('shopify_fivetran', 'inventory_item') }} as landed
