-- Shopify fulfillments as raw contract `shipments` (D71), with the values
-- Shopify lacks filled as fulfillment_context says.
{%- set shift = source_adapter_option('shopify_fivetran', 'shift') %}
{%- set picking = source_adapter_option('shopify_fivetran', 'picking_method') %}

with

fulfillments as (

    select * from {{ ref('shopify_fivetran__fulfillment_context') }}
    where set_aside_reason is null

),

final as (

    select
        {{ contract_id('shopify', 'source_fulfillment_id') }} as shipment_id,
        {{ contract_id('shopify', 'source_order_id') }} as order_id,
        {{ contract_id('shopify', 'source_location_id') }} as warehouse_id,
        {{ sql_string(shift) }} as shift,
        {{ sql_string(picking) }} as picking_method,
        carrier,
        shipped_at_text as shipped_at,
        strftime(promised_delivery_date, '%Y-%m-%d') as promised_delivery_date,
        strftime(delivered_at, '%Y-%m-%d %H:%M:%S') as delivered_at,
        cast(delivery_attempts as varchar) as delivery_attempts,
        cast(null as varchar) as fulfilment_error,
        '0.00' as shipping_cost,
        dq_file_issue
    from fulfillments

)

select * from final
