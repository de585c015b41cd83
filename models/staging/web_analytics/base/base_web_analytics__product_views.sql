-- Incremental by the local date of the view. A view dated before the window
-- is judged again when its session may have changed in this run
-- (recheck_parent, D98).
{%- set recheck_parent = {
    'column': 'session_id',
    'parent': 'base_web_analytics__sessions',
    'table': 'sessions',
} %}

{{ config(**incremental_by_date('dq_partition_date', recheck_parent)) }}

{%- set window_start = incremental_window_start(
    'dq_partition_date', recheck_parent
) %}

with

-- the raw rows (raw_source); an incremental run keeps its window's rows, so
-- that the key count and the checks read the files once (D107)
raw_rows as {{ materialized_if(window_start is not none) }} (

    select *
    from {{ raw_source('product_views', 'viewed_at', window_start) }}

),

repeated_keys as {{ materialized() }} (

    {{ dq_repeated_keys('raw_rows', ['view_id']) }}

),

source as {{ not_materialized() }} (

    select *
    from {{ dq_flag_repeated('raw_rows', ['view_id']) }}

),

all_sessions as (

    select * from {{ ref('base_web_analytics__sessions') }}

),

products as (

    select * from {{ ref('base_shop__products') }}

),

typed as {{ not_materialized() }} (

    select
        *,

        -- incremental partition: the local date of the view
        {{ to_local_date('viewed_at') }} as dq_partition_date
    from source

),

windowed as {{ not_materialized() }} (

    select *
    from typed
    where {{ incremental_window('dq_partition_date', window_start) }}

),

row_checked as {{ not_materialized() }} (

    select
        *,
        coalesce(
            dq_file_issue,
            dq_unparsed,
            case
                when view_id is null then 'view_id: missing'
                when session_id is null then 'session_id: missing'
                when product_id is null then 'product_id: missing'
                when viewed_at is null then 'viewed_at: missing'
            end
        ) as dq_row_rule
    from windowed

),

ranked as (

    select *
    from {{ dq_deduplicate('row_checked', ['view_id'], 'viewed_at') }}

),

-- an incremental run: a copy of a key kept on an earlier date makes this
-- run's copy a duplicate, as a full build ranks them
deduplicated as (

    select *
    from {{ dq_settled('ranked', 'view_id', window_start) }}

),

-- the parent of the reference check; an incremental run looks up only the
-- sessions of its window's views
sessions as (

    select * from all_sessions
    {% if window_start is not none -%}
    where
        all_sessions.session_id in (
            select deduplicated.session_id from deduplicated
        )
    {%- endif %}

),

final as (

    select
        deduplicated.*,
        coalesce(
            deduplicated.dq_row_rule,
            deduplicated.dq_duplicate_rule,
            {{ dq_unmatched_reference(
                'deduplicated.session_id', 'session_status', 'sessions'
            ) }},
            {{ dq_reference(
                'deduplicated.product_id', 'product_status', 'products'
            ) }}
        ) as dq_rule
    from deduplicated
    -- 166 M views against 300 M sessions at tier L: keys only (D112)
    left join
        {{ dq_unmatched_parent('sessions', 'session_id', 'row_checked') }}
            as session_status
        on deduplicated.session_id = session_status.child_key
    left join
        {{ dq_parent('products', 'product_id') }} as product_status
        on deduplicated.product_id = product_status.parent_key

)

select {{ dq_base_columns('product_views', exclude=['dq_is_repeated']) }}
from final
