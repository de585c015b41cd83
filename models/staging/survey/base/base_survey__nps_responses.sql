{%- set raw_rows = raw_source('nps_responses') %}

with

repeated_keys as {{ materialized() }} (

    {{ dq_repeated_keys(raw_rows, ['response_id']) }}

),

-- the raw rows, typed as the spec says (raw_source)
typed as {{ not_materialized() }} (

    select *
    from {{ dq_flag_repeated(raw_rows, ['response_id']) }}

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
    from typed

),

deduplicated as (

    select *
    from {{ dq_deduplicate('row_checked', ['response_id'], 'responded_at') }}

),

final as (

    select
        deduplicated.*,
        coalesce(
            deduplicated.dq_row_rule,
            deduplicated.dq_duplicate_rule,
            {{ dq_reference(
                'deduplicated.customer_id', 'customer_status', 'customers'
            ) }},
            {{ dq_reference(
                'deduplicated.order_id', 'order_status', 'orders'
            ) }}
        ) as dq_rule
    from deduplicated
    left join
        {{ dq_parent('customers', 'customer_id') }} as customer_status
        on deduplicated.customer_id = customer_status.parent_key
    left join {{ dq_parent('orders', 'order_id') }} as order_status
        on deduplicated.order_id = order_status.parent_key

)

select {{ dq_base_columns('nps_responses', exclude=['dq_is_repeated']) }}
from final
