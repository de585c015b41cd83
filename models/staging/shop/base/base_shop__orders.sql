{{ config(**incremental_by_date('dq_partition_date')) }}

{%- set window_start = incremental_window_start('dq_partition_date') %}

with

-- the raw rows (raw_source); an incremental run keeps its window's rows, so
-- that the key count and the checks read the files once (D107)
raw_rows as {{ materialized_if(window_start is not none) }} (

    select *
    from {{ raw_source('orders', 'ordered_at', window_start) }}

),

repeated_keys as {{ materialized() }} (

    {{ dq_repeated_keys('raw_rows', ['order_id']) }}

),

source as {{ not_materialized() }} (

    select *
    from {{ dq_flag_repeated('raw_rows', ['order_id']) }}

),

customers as (

    select * from {{ ref('base_shop__customers') }}

),

stores as (

    select * from {{ ref('base_pos__stores') }}

),

promotions as (

    select * from {{ ref('base_shop__promotions') }}

),

order_lines as (

    select * from {{ ref('base_shop__order_lines_rows') }}

),

typed as {{ not_materialized() }} (

    select
        *,

        -- incremental partition: the local date of the order
        {{ to_local_date('ordered_at') }} as dq_partition_date
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
                when order_id is null then 'order_id: missing'
                when ordered_at is null then 'ordered_at: missing'
                when sales_channel is null then 'sales_channel: missing'
                when sales_channel not in ('webshop', 'store')
                    then 'sales_channel: not webshop or store'
                when order_status is null then 'status: missing'
                when order_status not in ('completed', 'cancelled')
                    then 'status: not completed or cancelled'
                when sales_channel = 'webshop' and customer_id is null
                    then 'customer_id: missing on a webshop order'
                when sales_channel = 'store' and store_id is null
                    then 'store_id: missing on a store order'
                when sales_channel = 'webshop' and store_id is not null
                    then 'store_id: set on a webshop order'
                when sales_channel = 'store' and session_id is not null
                    then 'session_id: set on a store order'
                when shipping_fee is null then 'shipping_fee: missing'
                when shipping_fee < 0 then 'shipping_fee: negative'
            end
        ) as dq_row_rule
    from windowed

),

ranked as (

    select *
    from {{ dq_deduplicate('row_checked', ['order_id'], 'ordered_at') }}

),

-- an incremental run: a copy of a key kept on an earlier date makes this
-- run's copy a duplicate, as a full build ranks them
deduplicated as (

    select *
    from {{ dq_settled('ranked', 'order_id', window_start) }}

),

sound_lines as (

    select distinct order_lines.order_id
    from order_lines
    where
        order_lines.dq_line_rule is null
        and {{ incremental_only(
            'order_lines.order_id in '
            ~ '(select deduplicated.order_id from deduplicated)',
            window_start
        ) }}

),

final as (

    select
        deduplicated.*,
        coalesce(
            deduplicated.dq_row_rule,
            deduplicated.dq_duplicate_rule,
            {{ dq_reference(
                'deduplicated.customer_id', 'customers', 'customers'
            ) }},
            {{ dq_reference('deduplicated.store_id', 'stores', 'stores') }},
            {{ dq_reference(
                'deduplicated.promotion_id', 'promotions', 'promotions'
            ) }},
            case
                when sound_lines.order_id is null
                    then 'order_id: no order line that passed the checks'
            end
        ) as dq_rule
    from deduplicated
    left join {{ dq_parent('customers', 'customer_id') }} as customers
        on deduplicated.customer_id = customers.parent_key
    left join {{ dq_parent('stores', 'store_id') }} as stores
        on deduplicated.store_id = stores.parent_key
    left join {{ dq_parent('promotions', 'promotion_id') }} as promotions
        on deduplicated.promotion_id = promotions.parent_key
    left join sound_lines
        on deduplicated.order_id = sound_lines.order_id

)

select {{ dq_base_columns('orders', exclude=['dq_is_repeated']) }}
from final
