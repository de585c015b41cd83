{%- set raw_rows = raw_source('store_traffic') %}

with

repeated_keys as {{ materialized() }} (

    {{ dq_repeated_keys(raw_rows, ['store_id', 'traffic_date']) }}

),

-- the raw rows, typed as the spec says (raw_source)
typed as {{ not_materialized() }} (

    select *
    from {{ dq_flag_repeated(raw_rows, ['store_id', 'traffic_date']) }}

),

stores as (

    select * from {{ ref('base_pos__stores') }}

),

row_checked as {{ not_materialized() }} (

    select
        *,
        coalesce(
            dq_file_issue,
            dq_unparsed,
            case
                when store_id is null then 'store_id: missing'
                when traffic_date is null then 'traffic_date: missing'
                when visitors is null then 'visitors: missing'
                when visitors < 0 then 'visitors: negative'
            end
        ) as dq_row_rule
    from typed

),

deduplicated as (

    select *
    from {{ dq_deduplicate(
        'row_checked', ['store_id', 'traffic_date'], 'dq_raw_row'
    ) }}

),

final as (

    select
        deduplicated.*,
        coalesce(
            deduplicated.dq_row_rule,
            deduplicated.dq_duplicate_rule,
            {{ dq_reference(
                'deduplicated.store_id', 'store_status', 'stores'
            ) }}
        ) as dq_rule
    from deduplicated
    left join {{ dq_parent('stores', 'store_id') }} as store_status
        on deduplicated.store_id = store_status.parent_key

)

select {{ dq_base_columns('store_traffic', exclude=['dq_is_repeated']) }}
from final
