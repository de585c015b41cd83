-- Customers without personal data: type, country, first order and
-- acquisition channel.
with

customers as (

    select * from {{ ref('int_customers_first_orders') }}

),

final as (

    select
        customer_id,
        customer_type,
        country_code,
        created_at,
        first_order_date,
        first_order_sales_channel,
        acquisition_channel,
        valid_orders
    from customers

)

select * from final
