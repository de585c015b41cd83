-- Shipments belong to webshop orders and leave after the order was placed.
with

shipments as (

    select * from {{ ref('stg_warehouse__shipments') }}

),

orders as (

    select * from {{ ref('stg_shop__orders') }}

)

select
    shipments.shipment_id,
    orders.sales_channel,
    shipments.shipped_at,
    orders.ordered_at
from shipments
inner join orders
    on shipments.order_id = orders.order_id
where
    orders.sales_channel != 'webshop'
    or shipments.shipped_at < orders.ordered_at
