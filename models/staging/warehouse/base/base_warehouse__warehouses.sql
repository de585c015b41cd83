with

source as (

    select * from {{ raw_source('warehouses') }}

),

typed as (

    select
        {{ dq_raw_row('warehouses') }} as dq_raw_row,
        dq_file_issue,
        nullif(trim(warehouse_id), '') as warehouse_id,
        nullif(trim(warehouse_name), '') as warehouse_name,
        nullif(lower(trim(operator)), '') as operator
    from source

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
