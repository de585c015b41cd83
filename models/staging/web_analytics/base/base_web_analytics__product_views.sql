{%- set raw_rows = raw_source('product_views') %}

with

repeated_keys as {{ materialized() }} (

    {{ dq_repeated_keys(raw_rows, ['view_id']) }}

),

source as {{ not_materialized() }} (

    select *
    from {{ dq_flag_repeated(raw_rows, ['view_id']) }}

),

sessions as (

    select * from {{ ref('base_web_analytics__sessions') }}

),

products as (

    select * from {{ ref('base_shop__products') }}

),

typed as {{ not_materialized() }} (

    select
        -- quarantine inputs
        {{ dq_raw_row('product_views') }} as dq_raw_row,
        dq_file_issue,
        dq_is_repeated,
        {{ dq_unparsed([
            ['viewed_at', 'timestamp', 'timestamp'],
        ]) }} as dq_unparsed,

        -- ids
        nullif(trim(view_id), '') as view_id,
        nullif(trim(session_id), '') as session_id,
        nullif(trim(product_id), '') as product_id,

        -- timestamps
        {{ dbt.safe_cast('trim(viewed_at)', 'timestamp') }} as viewed_at
    from source

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
    from typed

),

deduplicated as (

    select *
    from {{ dq_deduplicate('row_checked', ['view_id'], 'viewed_at') }}

),

final as (

    select
        deduplicated.*,
        coalesce(
            deduplicated.dq_row_rule,
            deduplicated.dq_duplicate_rule,
            {{ dq_reference(
                'deduplicated.session_id', 'session_status', 'sessions'
            ) }},
            {{ dq_reference(
                'deduplicated.product_id', 'product_status', 'products'
            ) }}
        ) as dq_rule
    from deduplicated
    left join
        {{ dq_parent('sessions', 'session_id') }} as session_status
        on deduplicated.session_id = session_status.parent_key
    left join
        {{ dq_parent('products', 'product_id') }} as product_status
        on deduplicated.product_id = product_status.parent_key

)

select {{ dq_base_columns('product_views', exclude=['dq_is_repeated']) }}
from final
