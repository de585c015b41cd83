-- the loader's table `products`, as landed (macro landed_table)
select * from {{ landed_table('woocommerce', 'products') }} as landed
