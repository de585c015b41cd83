select
    line_id as order_line_id,
    invoice as order_id,
    stock_code as product_id,
    cast(quantity as integer) as quantity,
    cast(unit_price as decimal(18, 2)) as unit_price,
    cast(0 as decimal(18, 2)) as discount_amount,
    cast(null as varchar) as recommendation_source
from lines
where
    code_class = 'product' and invoice_kind = 'sale'
    and outcome in ('mapped', 'passed_to_quarantine')
order by src_row
