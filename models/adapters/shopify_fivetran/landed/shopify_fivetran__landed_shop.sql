-- the loader's table `shop`, as landed (macro landed_table)
select * from {{ landed_table('shopify_fivetran', 'shop') }} as landed
