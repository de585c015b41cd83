-- Shopify's `products_export*.csv` files, as landed (macro landed_table)
select * from {{ landed_table('shopify_csv', 'products_export') }} as landed
