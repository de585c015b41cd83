create temp table lines as
with coded as (
    select
        *,
        round(price, 2) as unit_price,
        price <> round(price, 2) as is_price_rounded,
        timezone('UTC', timezone({local_timezone}, local_at)) as utc_at,
        case
            when upper(stock_code) in ({postage_codes}) then 'postage'
            when regexp_full_match(upper(stock_code), {service_code_pattern})
                then 'service'
            else 'product'
        end as code_class,
        case
            when regexp_full_match(invoice, '[0-9]+') then 'sale'
            when regexp_full_match(invoice, 'C[0-9]+') then 'cancellation'
            else 'other'
        end as invoice_kind,
        invoice is null or stock_code is null or quantity is null
        or local_at is null or price is null as is_unreadable
    from src
),

invoices as (
    select
        invoice,
        min(utc_at) as invoice_at,
        bool_or(code_class = 'product' and quantity > 0 and unit_price > 0)
            as has_priced_product
    from coded
    where not is_unreadable
    group by invoice
),

numbered as (
    -- line number within the invoice: copies share their first copy's
    select
        coded.*,
        invoices.invoice_at,
        coalesce(invoices.has_priced_product, false) as has_priced_product,
        dense_rank()
            over (partition by coded.invoice order by coded.first_copy_row)
            as line_number
    from coded
    left join invoices on coded.invoice = invoices.invoice
)

select
    *,
    invoice || '-' || lpad(cast(line_number as varchar), 4, '0') as line_id,
    case
        when is_unreadable then 'set_aside'
        when invoice_kind = 'other' then 'set_aside'
        when invoice_kind = 'cancellation'
            then
                case
                    when
                        code_class <> 'product' or quantity >= 0
                        or customer_id is null then 'set_aside'
                    else 'cancellation'
                end
        when not has_priced_product then 'set_aside'
        when code_class = 'service' then 'set_aside'
        when code_class = 'postage'
            then
                case
                    when quantity > 0 and unit_price >= 0 and copy_number = 1
                        then 'mapped'
                    else 'set_aside'
                end
        when quantity <= 0 then 'set_aside'
        when unit_price <= 0 or copy_number > 1 then 'passed_to_quarantine'
        else 'mapped'
    end as outcome,
    case
        when is_unreadable
            then
                'unreadable line (invoice, stock code, quantity, date or price missing)'
        when invoice_kind = 'other'
            then 'not a sales or cancellation invoice (A: bad-debt adjustment)'
        when invoice_kind = 'cancellation'
            then
                case
                    when
                        code_class = 'postage'
                        then 'cancelled postage (refund of a fee)'
                    when code_class = 'service'
                        then
                            'cancelled non-product charge (manual, discount, fee, ...)'
                    when
                        quantity >= 0
                        then 'cancellation line without negative quantity'
                    when customer_id is null
                        then
                            'cancellation without customer id: cannot be linked to a sale'
                end
        when not has_priced_product
            then
                case
                    when code_class = 'product' and quantity <= 0
                        then
                            'no sale on the invoice: stock write-off (negative quantity)'
                    when code_class = 'product'
                        then 'no sale on the invoice: zero-priced product line'
                    else
                        'no sale on the invoice: fee, manual or adjustment line'
                end
        when code_class = 'service'
            then
                'non-product charge on a sale (manual, discount, fee, sample, voucher)'
        when code_class = 'postage'
            then
                case
                    when quantity > 0 and unit_price >= 0 and copy_number = 1
                        then 'postage: added to orders.shipping_fee'
                    when quantity > 0 and unit_price >= 0
                        then 'exact copy of a postage line'
                    else 'postage line with negative quantity or price'
                end
        when
            quantity <= 0
            then 'negative quantity on a sales invoice (stock write-off)'
        when unit_price <= 0 then 'unit_price: not above 0'
        when copy_number > 1 then 'order_line_id: duplicate'
        else 'order line'
    end as reason
from numbered
