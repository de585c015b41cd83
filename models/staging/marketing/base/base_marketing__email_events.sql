-- Incremental by the local date of the event (D118). Events never change,
-- but their campaigns and customers are rebuilt whole: an event dated before
-- the window whose verdict on them changed is judged again.
{%- set references = [
    {'column': 'campaign_id', 'parent': 'base_marketing__campaigns',
        'table': 'campaigns'},
    {'column': 'customer_id', 'parent': 'base_shop__customers',
        'table': 'customers'},
] %}

{{ config(**incremental_by_date(
    'dq_partition_date', recheck_references=references
)) }}

{%- set window_start = incremental_window_start(
    'dq_partition_date', recheck_references=references
) %}

{#- A recipient id that contains an @ is taken for an e-mail address: it is
    quarantined, and its raw row keeps only the salted hash (D78). -#}
{%- set looks_like_email = "trim(recipient_id) like '%@%'" -%}

with

-- the raw rows (raw_source); an incremental run keeps its window's rows, so
-- that the key count and the checks read the files once (D107)
raw_rows as {{ materialized_if(window_start is not none) }} (

    select *
    from {{ raw_source('email_events', 'event_at', window_start, masked={
        'recipient_id': 'case when ' ~ looks_like_email ~ ' then '
            ~ hash_pii('recipient_id') ~ ' else recipient_id end'
    }) }}

),

repeated_keys as {{ materialized() }} (

    {{ dq_repeated_keys('raw_rows', ['event_id']) }}

),

source as {{ not_materialized() }} (

    select *
    from {{ dq_flag_repeated('raw_rows', ['event_id']) }}

),

campaigns as (

    select * from {{ ref('base_marketing__campaigns') }}

),

customers as (

    select * from {{ ref('base_shop__customers') }}

),

typed as {{ not_materialized() }} (

    select
        {{ star_except(['recipient_id']) }},
        coalesce({{ looks_like_email }}, false) as dq_is_email_address,
        case
            when not coalesce({{ looks_like_email }}, false)
                then recipient_id
        end as recipient_id,

        -- incremental partition: the local date of the event
        {{ to_local_date('event_at') }} as dq_partition_date
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
                when event_id is null then 'event_id: missing'
                when campaign_id is null then 'campaign_id: missing'
                when dq_is_email_address
                    then 'recipient_id: looks like an e-mail address'
                when recipient_id is null then 'recipient_id: missing'
                when event_type is null then 'event_type: missing'
                when
                    event_type not in (
                        'delivered', 'opened', 'clicked', 'bounced',
                        'unsubscribed'
                    )
                    then 'event_type: not an allowed value'
                when event_at is null then 'event_at: missing'
            end
        ) as dq_row_rule
    from windowed

),

ranked as (

    select *
    from {{ dq_deduplicate('row_checked', ['event_id'], 'event_at') }}

),

-- an incremental run: a copy of a key kept on an earlier date makes this
-- run's copy a duplicate, as a full build ranks them
deduplicated as (

    select *
    from {{ dq_settled('ranked', 'event_id', window_start) }}

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

select {{ dq_base_columns(
    'email_events', exclude=['dq_is_repeated', 'dq_is_email_address']
) }}
from final
