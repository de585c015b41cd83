-- The rows that passed the quarantine (dq_rule NULL in the base model).
with

base as (

    select * from {{ ref('base_returns__returns') }}

),

final as (

    select
        return_id,
        order_line_id,
        return_reason,
        requested_at,
        received_at,
        returned_quantity,
        refund_amount,
        received_at is not null as is_received,
        {{ to_local_date('requested_at') }} as requested_date,
        {{ to_local_date('received_at') }} as received_date
    from base
    where dq_rule is null

)

select * from final
