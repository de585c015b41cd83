with

-- the raw rows, typed as the spec says (raw_source)
typed as (

    select * from {{ raw_source('stores') }}

),

row_checked as (

    select
        *,
        coalesce(
            dq_file_issue,
            case when store_id is null then 'store_id: missing' end
        ) as dq_row_rule
    from typed

),

final as (

    select
        *,
        coalesce(
            dq_row_rule,
            {{ dq_duplicate(['store_id'], 'store_name') }}
        ) as dq_rule
    from row_checked

)

select {{ dq_base_columns('stores') }}
from final
