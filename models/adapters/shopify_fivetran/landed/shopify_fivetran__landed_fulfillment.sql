-- the loader's table `fulfillment`, as landed (macro landed_table)
select * from {{ landed_table('shopify_fivetran', 'fulfillment') }} as landed
