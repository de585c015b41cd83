-- the loader's table `customers`, as landed (macro landed_table)
select * from {{ landed_table('woocommerce', 'customers') }} as landed
