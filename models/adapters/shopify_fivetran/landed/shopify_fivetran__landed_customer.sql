-- the loader's table `customer`, as landed (macro landed_table)
select * from {{ landed_table('shopify_fivetran', 'customer') }} as landed
