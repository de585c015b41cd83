-- the loader's table `customer_tag`, as landed (macro landed_table)
select * from {{ landed_table('shopify_fivetran', 'customer_tag') }} as landed
