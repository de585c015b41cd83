-- the loader's table `product_variations`, as landed (macro landed_table)
select * from {{ landed_table('woocommerce', 'product_variations') }} as landed
