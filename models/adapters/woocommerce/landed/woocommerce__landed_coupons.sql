-- the loader's table `coupons`, as landed (macro landed_table)
select * from {{ landed_table('woocommerce', 'coupons') }} as landed
