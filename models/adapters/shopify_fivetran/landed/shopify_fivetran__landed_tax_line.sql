-- the loader's table `tax_line`, as landed (macro landed_table)
select * from {{ landed_table('shopify_fivetran', 'tax_line') }} as landed
