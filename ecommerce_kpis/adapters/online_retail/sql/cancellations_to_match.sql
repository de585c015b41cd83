select
    invoice,
    line_number,
    customer_id,
    stock_code,
    -quantity as returned_quantity,
    price,
    invoice_at
from lines
where outcome = 'cancellation' and copy_number = 1
order by invoice_at, invoice, line_number
