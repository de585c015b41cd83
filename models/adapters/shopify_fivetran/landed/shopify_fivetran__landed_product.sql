-- the loader's table `product`, as landed (macro landed_table)
select * from {{ landed_table('shopify_fivetran', 'product') }} as landed
