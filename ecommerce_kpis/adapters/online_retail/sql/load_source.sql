create temp table src as
with raw as (
    select
        {position} as src_row,
        invoice as raw_invoice,
        stockcode as raw_stock_code,
        description as raw_description,
        quantity as raw_quantity,
        invoicedate as raw_invoice_date,
        price as raw_price,
        "Customer ID" as raw_customer_id,
        country as raw_country
    from {reader}
)

select
    src_row,
    nullif(trim(cast(raw_invoice as varchar)), '') as invoice,
    nullif(trim(cast(raw_stock_code as varchar)), '') as stock_code,
    nullif(trim(cast(raw_description as varchar)), '') as description,
    try_cast(raw_quantity as bigint) as quantity,
    try_cast(raw_invoice_date as timestamp) as local_at,
    try_cast(raw_price as double) as price,
    cast(try_cast(try_cast(raw_customer_id as double) as bigint) as varchar)
        as customer_id,
    nullif(trim(cast(raw_country as varchar)), '') as country,
    -- exact copies: the same values in all eight source columns
    row_number() over (
        partition by
            raw_invoice, raw_stock_code, raw_description, raw_quantity,
            raw_invoice_date, raw_price, raw_customer_id, raw_country
        order by src_row
    ) as copy_number,
    first_value(src_row) over (
        partition by
            raw_invoice, raw_stock_code, raw_description, raw_quantity,
            raw_invoice_date, raw_price, raw_customer_id, raw_country
        order by src_row
    ) as first_copy_row
from raw
