-- Order lines with their final quarantine rule: their own rules, then the
-- order they belong to (orphans follow their order into quarantine).
{{ config(**incremental_by_date('dq_partition_date')) }}

{%- set window_start = incremental_window_start('dq_partition_date') %}

with

order_lines as (

    select * from {{ ref('base_shop__order_lines_rows') }}
    where {{ incremental_window('dq_partition_date', window_start) }}

),

orders as (

    select * from {{ ref('base_shop__orders') }}
    {% if window_start is not none -%}
    where order_id in (select order_lines.order_id from order_lines)
    {%- endif %}

),

final as (

    select
        order_lines.*,
        coalesce(
            order_lines.dq_line_rule,
            {{ dq_reference('order_lines.order_id', 'orders', 'orders') }}
        ) as dq_rule
    from order_lines
    left join {{ dq_parent('orders', 'order_id') }} as orders
        on order_lines.order_id = orders.parent_key

)

select {{ dq_base_columns('order_lines') }}
from final
