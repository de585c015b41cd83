with

source as (

    select * from {{ raw_source('returns') }}

),

typed as (

    select
        -- ids
        nullif(trim(return_id), '') as return_id,
        nullif(trim(order_line_id), '') as order_line_id,

        -- attributes
        nullif(lower(trim(reason)), '') as return_reason,

        -- timestamps
        {{ dbt.safe_cast('requested_at', 'timestamp') }} as requested_at,
        {{ dbt.safe_cast('received_at', 'timestamp') }} as received_at,

        -- quantities and amounts
        {{ dbt.safe_cast('quantity', 'integer') }} as returned_quantity,
        {{ dbt.safe_cast('refund_amount', 'decimal(18, 2)') }} as refund_amount
    from source

),

final as (

    select
        *,
        received_at is not null as is_received,
        {{ to_local_date('requested_at') }} as requested_date,
        {{ to_local_date('received_at') }} as received_date
    from typed

)

select * from final
