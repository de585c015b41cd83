-- the loader's table `orders`, as landed (macro landed_table)
select * from {{ landed_table('woocommerce', 'orders') }} as landed
