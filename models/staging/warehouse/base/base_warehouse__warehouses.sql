with

-- the raw rows, typed as the spec says (raw_source)
typed as (

    select * from {{ raw_source('warehouses') }}

),

row_checked as (

    select
        *,
        coalesce(
            dq_file_issue,
            case
                when warehouse_id is null then 'warehouse_id: missing'
                when operator is null then 'operator: missing'
                when operator not in ('own', 'partner')
                    then 'operator: not own or partner'
            end
        ) as dq_row_rule
    from typed

),

final as (

    select
        *,
        coalesce(
            dq_row_rule,
            {{ dq_duplicate(['warehouse_id'], 'warehouse_name') }}
        ) as dq_rule
    from row_checked

)

select {{ dq_base_columns('warehouses') }}
from final
