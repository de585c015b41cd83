-- the loader's table `refund`, as landed (macro landed_table)
select * from {{ landed_table('shopify_fivetran', 'refund') }} as landed
