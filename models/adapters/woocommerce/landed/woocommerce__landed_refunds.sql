-- the loader's table `refunds`, as landed (macro landed_table)
select * from {{ landed_table('woocommerce', 'refunds') }} as landed
