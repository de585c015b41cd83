select
    sale.line_id,
    sale.customer_id,
    sale.stock_code,
    sale.quantity,
    sale.invoice_at
from lines as sale
where
    sale.outcome = 'mapped' and sale.reason = 'order line'
    and sale.customer_id is not null
    and exists (
        select 1 as found from lines as c
        where
            c.outcome = 'cancellation'
            and c.customer_id = sale.customer_id
            and c.stock_code = sale.stock_code
    )
