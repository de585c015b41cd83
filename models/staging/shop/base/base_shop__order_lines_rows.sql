-- Order lines checked on their own and against products. Whether the order
-- exists is checked in base_shop__order_lines: orders need to know which of
-- their lines are sound first (every order has at least one line).
-- Incremental: a line belongs to the local date of its order in the raw
-- orders (dq_partition_date; NULL when no raw order has its order_id).
{{ config(**incremental_by_date('dq_partition_date')) }}

{%- set window_start = incremental_window_start('dq_partition_date') %}

{%- set raw_rows = raw_source('order_lines') %}

with

repeated_keys as {{ materialized() }} (

    {{ dq_repeated_keys(raw_rows, ['order_line_id']) }}

),

-- the raw rows, typed as the spec says (raw_source)
typed as {{ not_materialized() }} (

    select *
    from {{ dq_flag_repeated(raw_rows, ['order_line_id']) }}

),

raw_order_dates as (

    select
        order_id,
        min({{ to_local_date('ordered_at') }}) as order_date
    from {{ raw_source('orders') }}
    group by order_id

),

products as (

    select * from {{ ref('base_shop__products') }}

),

-- the cost of goods of a line is quantity * unit_cost of its product (D69)
product_costs as (

    select
        product_id,
        unit_cost
    from products
    where dq_rule is null

),

windowed as {{ not_materialized() }} (

    select
        typed.*,
        raw_order_dates.order_date as dq_partition_date
    from typed
    left join raw_order_dates
        on typed.order_id = raw_order_dates.order_id
    where {{ incremental_window('raw_order_dates.order_date', window_start) }}

),

row_checked as {{ not_materialized() }} (

    select
        *,
        coalesce(
            dq_file_issue,
            dq_unparsed,
            case
                when order_line_id is null then 'order_line_id: missing'
                when order_id is null then 'order_id: missing'
                when product_id is null then 'product_id: missing'
                when quantity is null then 'quantity: missing'
                when quantity <= 0 then 'quantity: not above 0'
                when unit_price is null then 'unit_price: missing'
                when unit_price <= 0 then 'unit_price: not above 0'
                when discount_amount is null then 'discount_amount: missing'
                when discount_amount < 0 then 'discount_amount: negative'
                -- before any rule or model multiplies them (D69)
                when {{ money_product_too_large('quantity', 'unit_price') }}
                    then
                        'quantity: quantity * unit_price beyond '
                        || 'the decimal(18,2) range'
                when discount_amount > quantity * unit_price
                    then 'discount_amount: above quantity * unit_price'
                when recommendation_source not in ('pdp', 'cart', 'email')
                    then 'recommendation_source: not pdp, cart or email'
            end
        ) as dq_row_rule
    from windowed

),

ranked as (

    select *
    from {{ dq_deduplicate('row_checked', ['order_line_id'], 'order_id') }}

),

-- an incremental run: a copy of a key kept on an earlier date makes this
-- run's copy a duplicate (a full build ranks lines by order_id, so the two
-- can differ: D98)
deduplicated as (

    select *
    from {{ dq_settled('ranked', 'order_line_id', window_start) }}

),

final as (

    select
        deduplicated.*,
        coalesce(
            deduplicated.dq_row_rule,
            deduplicated.dq_duplicate_rule,
            {{ dq_reference(
                'deduplicated.product_id', 'products', 'products'
            ) }},
            case
                when {{ money_product_too_large(
                    'deduplicated.quantity', 'product_costs.unit_cost'
                ) }}
                    then
                        'quantity: quantity * unit_cost of the product '
                        || 'beyond the decimal(18,2) range'
            end
        ) as dq_line_rule
    from deduplicated
    left join {{ dq_parent('products', 'product_id') }} as products
        on deduplicated.product_id = products.parent_key
    left join product_costs
        on deduplicated.product_id = product_costs.product_id

)

select {{ star_except(['dq_is_repeated']) }}
from final
