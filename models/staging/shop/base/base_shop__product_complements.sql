with

-- the raw rows, typed as the spec says (raw_source)
typed as (

    select * from {{ raw_source('product_complements') }}

),

products as (

    select * from {{ ref('base_shop__products') }}

),

row_checked as (

    select
        *,
        coalesce(
            dq_file_issue,
            case
                when product_group_id is null then 'product_group_id: missing'
                when complement_group_id is null
                    then 'complement_group_id: missing'
            end
        ) as dq_row_rule
    from typed

),

final as (

    select
        row_checked.*,
        coalesce(
            row_checked.dq_row_rule,
            {{ dq_reference(
                'row_checked.product_group_id', 'product_groups', 'products'
            ) }},
            {{ dq_reference(
                'row_checked.complement_group_id', 'complement_groups', 'products'
            ) }}
        ) as dq_rule
    from row_checked
    left join
        {{ dq_parent('products', 'product_group_id', keyed=false) }}
            as product_groups
        on row_checked.product_group_id = product_groups.parent_key
    left join
        {{ dq_parent('products', 'product_group_id', keyed=false) }}
            as complement_groups
        on row_checked.complement_group_id = complement_groups.parent_key

)

select {{ dq_base_columns('product_complements') }}
from final
