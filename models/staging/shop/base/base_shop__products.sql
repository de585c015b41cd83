with

-- the raw rows, typed as the spec says (raw_source)
typed as (

    select * from {{ raw_source('products') }}

),

row_checked as (

    select
        *,
        coalesce(
            dq_file_issue,
            dq_unparsed,
            case
                when product_id is null then 'product_id: missing'
                when category is null then 'category: missing'
                when brand is null then 'brand: missing'
                when list_price is null then 'list_price: missing'
                when list_price <= 0 then 'list_price: not above 0'
                when unit_cost is null then 'unit_cost: missing'
                when unit_cost < 0 then 'unit_cost: negative'
            end
        ) as dq_row_rule
    from typed

),

final as (

    select
        *,
        coalesce(
            dq_row_rule,
            {{ dq_duplicate(['product_id'], 'product_group_id') }}
        ) as dq_rule
    from row_checked

)

select {{ dq_base_columns('products') }}
from final
