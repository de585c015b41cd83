-- Shopify's `orders_export*.csv` files, as landed (macro landed_table)
select * from {{ landed_table('shopify_csv', 'orders_export') }} as landed
