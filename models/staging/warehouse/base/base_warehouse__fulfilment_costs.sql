with

-- the raw rows, typed as the spec says (raw_source)
typed as (

    select * from {{ raw_source('fulfilment_costs') }}

),

warehouses as (

    select * from {{ ref('base_warehouse__warehouses') }}

),

-- several bookings per key add up: no uniqueness rule here
row_checked as (

    select
        *,
        coalesce(
            dq_file_issue,
            dq_unparsed,
            case
                when cost_date is null then 'cost_date: missing'
                when warehouse_id is null then 'warehouse_id: missing'
                when cost_type is null then 'cost_type: missing'
                when cost_type not in ('picking', 'packing', 'storage')
                    then 'cost_type: not picking, packing or storage'
                when amount is null then 'amount: missing'
                when amount < 0 then 'amount: negative'
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
                'row_checked.warehouse_id', 'warehouse_status', 'warehouses'
            ) }}
        ) as dq_rule
    from row_checked
    left join
        {{ dq_parent('warehouses', 'warehouse_id') }} as warehouse_status
        on row_checked.warehouse_id = warehouse_status.parent_key

)

select {{ dq_base_columns('fulfilment_costs') }}
from final
