with

source as (

    select * from {{ raw_source('orders') }}

),

typed as (

    select
        -- ids
        nullif(trim(order_id), '') as order_id,
        nullif(trim(customer_id), '') as customer_id,
        nullif(trim(session_id), '') as session_id,
        nullif(trim(store_id), '') as store_id,
        nullif(trim(promotion_id), '') as promotion_id,

        -- attributes
        nullif(lower(trim(sales_channel)), '') as sales_channel,
        nullif(lower(trim(status)), '') as order_status,

        -- timestamps
        {{ dbt.safe_cast('ordered_at', 'timestamp') }} as ordered_at,

        -- amounts
        {{ dbt.safe_cast('shipping_fee', 'decimal(18, 2)') }} as shipping_fee
    from source

),

final as (

    select
        *,
        order_status = 'cancelled' as is_cancelled,
        {{ to_local_date('ordered_at') }} as order_date
    from typed

)

select * from final
