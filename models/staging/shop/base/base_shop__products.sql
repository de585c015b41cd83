with

source as (

    select * from {{ raw_source('products') }}

),

typed as (

    select
        -- quarantine inputs
        {{ dq_raw_row('products') }} as dq_raw_row,
        dq_file_issue,
        {{ dq_unparsed([
            ['list_price', 'decimal(18, 2)', 'amount'],
            ['unit_cost', 'decimal(18, 2)', 'amount'],
        ]) }} as dq_unparsed,

        -- ids
        nullif(trim(product_id), '') as product_id,
        nullif(trim(product_group_id), '') as product_group_id,

        -- attributes
        nullif(trim(product_name), '') as product_name,
        nullif(trim(category), '') as category,
        nullif(trim(brand), '') as brand,

        -- amounts
        {{ dbt.safe_cast('trim(list_price)', 'decimal(18, 2)') }} as list_price,
        {{ dbt.safe_cast('trim(unit_cost)', 'decimal(18, 2)') }} as unit_cost
    from source

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
