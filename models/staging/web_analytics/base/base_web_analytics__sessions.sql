{{ config(**incremental_by_date('dq_partition_date')) }}

{%- set window_start = incremental_window_start('dq_partition_date') %}

with

-- the raw rows (raw_source); an incremental run keeps its window's rows, so
-- that the key count and the checks read the files once (D107)
raw_rows as {{ materialized_if(window_start is not none) }} (

    select *
    from {{ raw_source('sessions', 'session_start_at', window_start) }}

),

repeated_keys as {{ materialized() }} (

    {{ dq_repeated_keys('raw_rows', ['session_id']) }}

),

source as {{ not_materialized() }} (

    select *
    from {{ dq_flag_repeated('raw_rows', ['session_id']) }}

),

customers as (

    select * from {{ ref('base_shop__customers') }}

),

typed as {{ not_materialized() }} (

    select
        *,

        -- incremental partition: the local date of the session start
        {{ to_local_date('session_start_at') }} as dq_partition_date
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
                when session_id is null then 'session_id: missing'
                when visitor_id is null then 'visitor_id: missing'
                when session_start_at is null then 'session_start_at: missing'
                when duration_seconds is null then 'duration_seconds: missing'
                when duration_seconds < 0 then 'duration_seconds: negative'
                when pageviews is null then 'pageviews: missing'
                when pageviews < 1 then 'pageviews: below 1'
                when interactions is null then 'interactions: missing'
                when interactions < 0 then 'interactions: negative'
                when device_category is null then 'device_category: missing'
                when device_category not in ('desktop', 'mobile', 'tablet')
                    then 'device_category: not desktop, mobile or tablet'
                when channel is null then 'channel: missing'
                when channel not in {{ session_channels() }}
                    then 'channel: not a session channel'
                when landing_page is null then 'landing_page: missing'
            end
        ) as dq_row_rule
    from windowed

),

ranked as (

    select *
    from {{ dq_deduplicate('row_checked', ['session_id'], 'session_start_at') }}

),

-- an incremental run: a copy of a key kept on an earlier date makes this
-- run's copy a duplicate, as a full build ranks them
deduplicated as (

    select *
    from {{ dq_settled('ranked', 'session_id', window_start) }}

),

-- campaign_id may point at nothing (campaigns outside the ad platforms);
-- customer_id, when set, must be a customer
final as (

    select
        deduplicated.*,
        coalesce(
            deduplicated.dq_row_rule,
            deduplicated.dq_duplicate_rule,
            {{ dq_reference(
                'deduplicated.customer_id', 'customer_status', 'customers'
            ) }}
        ) as dq_rule
    from deduplicated
    left join
        {{ dq_parent('customers', 'customer_id') }} as customer_status
        on deduplicated.customer_id = customer_status.parent_key

)

select {{ dq_base_columns('sessions', exclude=['dq_is_repeated']) }}
from final
