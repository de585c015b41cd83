-- Incremental by the local date of the answer (D118). Answers never change,
-- but their customers and orders can: an answer dated before the window
-- whose verdict on them changed is judged again.
{%- set references = [
    {'column': 'customer_id', 'parent': 'base_shop__customers',
        'table': 'customers'},
    {'column': 'order_id', 'parent': 'base_shop__orders', 'table': 'orders'},
] %}

{{ config(**incremental_by_date(
    'dq_partition_date', recheck_references=references
)) }}

{%- set window_start = incremental_window_start(
    'dq_partition_date', recheck_references=references
) %}

with

-- the raw rows (raw_source); an incremental run keeps its window's rows, so
-- that the key count and the checks read the files once (D107)
raw_rows as {{ materialized_if(window_start is not none) }} (

    select *
    from {{ raw_source('nps_responses', 'responded_at', window_start) }}

),

repeated_keys as {{ materialized() }} (

    {{ dq_repeated_keys('raw_rows', ['response_id']) }}

),

-- the raw rows, typed as the spec says (raw_source), with their partition
typed as {{ not_materialized() }} (

    select
        *,

        -- incremental partition: the local date of the answer
        {{ to_local_date('responded_at') }} as dq_partition_date
    from {{ dq_flag_repeated('raw_rows', ['response_id']) }}

),

windowed as {{ not_materialized() }} (

    select *
    from typed
    where {{ incremental_window('dq_partition_date', window_start) }}

),

customers as (

    select * from {{ ref('base_shop__customers') }}

),

orders as (

    select * from {{ ref('base_shop__orders') }}

),

row_checked as {{ not_materialized() }} (

    select
        *,
        coalesce(
            dq_file_issue,
            dq_unparsed,
            case
                when response_id is null then 'response_id: missing'
                when customer_id is null then 'customer_id: missing'
                when touchpoint is null then 'touchpoint: missing'
                when
                    touchpoint not in (
                        'post_purchase', 'post_delivery', 'post_return',
                        'periodic'
                    )
                    then 'touchpoint: not an allowed value'
                when responded_at is null then 'responded_at: missing'
                when score is null then 'score: missing'
                when score < 0 or score > 10 then 'score: not between 0 and 10'
            end
        ) as dq_row_rule
    from windowed

),

ranked as (

    select *
    from {{ dq_deduplicate('row_checked', ['response_id'], 'responded_at') }}

),

-- an incremental run: a copy of a key kept on an earlier date makes this
-- run's copy a duplicate, as a full build ranks them
deduplicated as (

    select *
    from {{ dq_settled('ranked', 'response_id', window_start) }}

),

final as (

    select
        deduplicated.*,
        coalesce(
            deduplicated.dq_row_rule,
            deduplicated.dq_duplicate_rule,
            {{ dq_reference_rules(references, 'deduplicated') | indent(12) }}
        ) as dq_rule
    from deduplicated
    {{- dq_reference_joins(references, 'deduplicated') }}

)

select {{ dq_base_columns('nps_responses', exclude=['dq_is_repeated']) }}
from final
