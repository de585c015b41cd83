with

returns as (

    select * from {{ ref('stg_returns__returns') }}

),

order_lines as (

    select * from {{ ref('int_order_lines_enriched') }}

),

final as (

    select
        -- ids
        returns.return_id,
        returns.order_line_id,
        order_lines.order_id,

        -- the original sale
        order_lines.is_valid,
        order_lines.ordered_at,
        order_lines.order_date,
        order_lines.category,
        order_lines.brand,
        order_lines.customer_type,

        -- the return
        returns.return_reason,
        returns.returned_quantity,
        returns.refund_amount,
        returns.requested_at,
        returns.received_at,
        returns.received_date,
        returns.is_received,
        case
            when returns.is_received
                then {{ fractional_days_between(
                    'order_lines.ordered_at', 'returns.received_at'
                ) }}
        end as return_cycle_days
    from returns
    inner join order_lines
        on returns.order_line_id = order_lines.order_line_id

)

select * from final
