-- Order lines checked on their own and against products. Whether the order
-- exists is checked in base_shop__order_lines: orders need to know which of
-- their lines are sound first (every order has at least one line).
with

source as (

    select * from {{ raw_source('order_lines') }}

),

products as (

    select * from {{ ref('base_shop__products') }}

),

typed as (

    select
        -- quarantine inputs
        {{ dq_raw_row('order_lines') }} as dq_raw_row,
        dq_file_issue,
        {{ dq_unparsed([
            ['quantity', 'integer', 'integer'],
            ['unit_price', 'decimal(18, 2)', 'amount'],
            ['discount_amount', 'decimal(18, 2)', 'amount'],
        ]) }} as dq_unparsed,

        -- ids
        nullif(trim(order_line_id), '') as order_line_id,
        nullif(trim(order_id), '') as order_id,
        nullif(trim(product_id), '') as product_id,

        -- attributes
        nullif(lower(trim(recommendation_source)), '')
            as recommendation_source,

        -- quantities and amounts
        {{ dbt.safe_cast('trim(quantity)', 'integer') }} as quantity,
        {{ dbt.safe_cast('trim(unit_price)', 'decimal(18, 2)') }} as unit_price,
        {{ dbt.safe_cast('trim(discount_amount)', 'decimal(18, 2)') }}
            as discount_amount
    from source

),

row_checked as (

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
                when discount_amount > quantity * unit_price
                    then 'discount_amount: above quantity * unit_price'
                when recommendation_source not in ('pdp', 'cart', 'email')
                    then 'recommendation_source: not pdp, cart or email'
            end
        ) as dq_row_rule
    from typed

),

deduplicated as (

    select
        *,
        {{ dq_duplicate(['order_line_id'], 'order_id') }} as dq_duplicate_rule
    from row_checked

),

final as (

    select
        deduplicated.*,
        coalesce(
            deduplicated.dq_row_rule,
            deduplicated.dq_duplicate_rule,
            {{ dq_reference(
                'deduplicated.product_id', 'products', 'products'
            ) }}
        ) as dq_line_rule
    from deduplicated
    left join {{ dq_parent('products', 'product_id') }} as products
        on deduplicated.product_id = products.parent_key

)

select * from final
