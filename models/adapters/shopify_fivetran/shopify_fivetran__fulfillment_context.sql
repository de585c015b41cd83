-- One row per landed fulfillment: its fate and its values as a raw
-- contract shipment (D71). Shopify knows when a parcel left and what the
-- carrier reported; it has no shift, picking method, carrier cost or
-- picking error. Those are filled as decided in D71 (the options shift
-- and picking_method; cost 0; no error), and the KPIs built on them are
-- marked `not fed` in docs/adapters/shopify_fivetran.md.
-- - delivered_at: the first `delivered` event;
-- - delivery_attempts: `attempted_delivery` events, plus the delivery;
-- - promised date: the carrier's latest estimate, else the local ship
--   date plus the option promised_delivery_days.
-- Set aside: cancelled or failed fulfillments, those of POS orders (handed
-- over in the store) and those of set-aside orders; all of them with the
-- option shipments_from_fulfillments false (shipments from a WMS instead).
{%- set from_fulfillments = source_adapter_option(
    'shopify_fivetran', 'shipments_from_fulfillments'
) in (true, 'true', 'True') %}
{%- set promised_days = source_adapter_option(
    'shopify_fivetran', 'promised_delivery_days'
) | int %}

with

fulfillments as (

    select * from {{ ref('shopify_fivetran__landed_fulfillment') }}

),

orders as (

    select * from {{ ref('shopify_fivetran__order_context') }}
    where is_first_of_id

),

events as (

    select
        {{ landed_text('fulfillment_id') }} as source_fulfillment_id,
        min(case
            when lower({{ landed_text('status') }}) = 'delivered'
                then {{ landed_timestamp('happened_at') }}
        end) as delivered_at,
        count(case
            when
                lower({{ landed_text('status') }}) = 'attempted_delivery'
                then 1
        end) as failed_attempts,
        max_by(
            {{ landed_timestamp('estimated_delivery_at') }},
            {{ landed_timestamp('happened_at') }}
        ) filter (
            where {{ landed_timestamp('estimated_delivery_at') }} is not null
        ) as estimated_delivery_at
    from {{ ref('shopify_fivetran__landed_fulfillment_event') }}
    where not coalesce({{ landed_bool('_fivetran_deleted') }}, false)
    group by 1

),

carriers as (

    select
        {{ landed_text('fulfillment_id') }} as source_fulfillment_id,
        min_by({{ landed_text('company') }}, try_cast(trim(index) as integer))
            as carrier
    from {{ ref('shopify_fivetran__landed_fulfillment_tracking_info') }}
    group by 1

),

parsed as (

    select
        {{ landed_text('fulfillments.id') }} as source_fulfillment_id,
        {{ landed_text('fulfillments.order_id') }} as source_order_id,
        {{ landed_text('fulfillments.location_id') }} as source_location_id,
        lower({{ landed_text('fulfillments.status') }}) as fulfillment_status,
        {{ landed_timestamp('fulfillments.created_at') }} as shipped_at,
        {{ contract_timestamp_text('fulfillments.created_at') }}
            as shipped_at_text,
        coalesce(
            {{ landed_text('fulfillments.tracking_company') }},
            carriers.carrier,
            'unknown'
        ) as carrier,
        events.delivered_at,
        coalesce(events.failed_attempts, 0)
        + case when events.delivered_at is not null then 1 else 0 end
            as delivery_attempts,
        coalesce(
            {{ to_local_date('events.estimated_delivery_at') }},
            {{ to_local_date(landed_timestamp('fulfillments.created_at')) }}
            + {{ promised_days }}
        ) as promised_delivery_date,
        orders.set_aside_reason as order_set_aside_reason,
        orders.is_store_order,
        fulfillments.dq_file_issue
    from fulfillments
    left join events
        on {{ landed_text('fulfillments.id') }} = events.source_fulfillment_id
    left join carriers
        on {{ landed_text('fulfillments.id') }} = carriers.source_fulfillment_id
    left join orders
        on {{ landed_text('fulfillments.order_id') }} = orders.source_order_id

),

final as (

    select
        *,
        case
            when {{ (not from_fulfillments) | lower }}
                then
                    'shipments come from another source'
                    || ' (option shipments_from_fulfillments false)'
            when order_set_aside_reason is not null
                then 'order set aside: ' || order_set_aside_reason
            when fulfillment_status in ('cancelled', 'error', 'failure')
                then 'fulfillment cancelled or failed'
            when is_store_order
                then 'fulfillment of a POS order (handed over in the store)'
        end as set_aside_reason
    from parsed

)

select * from final
