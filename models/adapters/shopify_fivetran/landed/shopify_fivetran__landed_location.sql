-- the loader's table `location`, as landed (macro landed_table)
select * from {{ landed_table('shopify_fivetran', 'location') }} as landed
