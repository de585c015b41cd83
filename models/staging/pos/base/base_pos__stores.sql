with

source as (

    select * from {{ raw_source('stores') }}

),

typed as (

    select
        {{ dq_raw_row('stores') }} as dq_raw_row,
        dq_file_issue,
        nullif(trim(store_id), '') as store_id,
        nullif(trim(store_name), '') as store_name,
        nullif(trim(city), '') as city
    from source

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
