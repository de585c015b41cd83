-- the loader's table `order`, as landed (macro landed_table)
select * from {{ landed_table('shopify_fivetran', 'order') }} as landed
