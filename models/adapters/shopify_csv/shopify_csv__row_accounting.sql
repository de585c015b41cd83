-- Where every landed row of Shopify's CSV exports went (D73), one row per
-- landed table, outcome, contract tables and reason. A row of the orders
-- export is an order line; the order's first row is also the order, the
-- first row of a customer's first order also the customer, and of a
-- location's first POS order also the store. A variant row of the
-- products export is a product; rows of further images are set aside.
-- Each landed row is counted once.
with

order_context as (

    select * from {{ ref('shopify_csv__order_context') }}

),

line_context as (

    select * from {{ ref('shopify_csv__order_line_context') }}

),

product_context as (

    select * from {{ ref('shopify_csv__product_context') }}

),

order_rows as (

    select
        source_order_id,
        concat_ws(
            ', ',
            'orders',
            case when bool_or(is_customer_source) then 'customers' end,
            case when bool_or(is_store_source) then 'stores' end
        ) as contract_tables
    from order_context
    group by 1

),

classified as (

    select
        'orders_export' as landed_table,
        'mapped' as outcome,
        concat_ws(
            ', ',
            'order_lines',
            case
                when line_context.is_order_row and line_context.line_number = 1
                    then order_rows.contract_tables
                when line_context.is_order_row then 'orders'
            end
        ) as contract_table,
        cast(null as varchar) as reason
    from line_context
    left join order_rows
        on line_context.source_order_id = order_rows.source_order_id
    union all
    select
        'products_export' as landed_table,
        case
            when set_aside_reason is null then 'mapped' else 'set_aside'
        end as outcome,
        'products' as contract_table,
        set_aside_reason as reason
    from product_context

),

final as (

    select
        'shopify_csv' as adapter,
        landed_table,
        outcome,
        contract_table,
        reason,
        count(*) as landed_rows
    from classified
    group by all

)

select * from final
