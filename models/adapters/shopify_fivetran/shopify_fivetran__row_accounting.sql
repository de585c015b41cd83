-- Where every landed Shopify row went (D71), one row per landed table,
-- outcome, contract table and reason: `mapped` (it is a row of the
-- contract table; its base model may still quarantine it, see
-- dq_rejected_rows), `merged` (its values are part of rows of the
-- contract table: tax lines, discounts, events, ...) or `set_aside` (no
-- KPI reads it, for the reason given). Each landed row is counted once.
with

order_context as (

    select * from {{ ref('shopify_fivetran__order_context') }}

),

line_context as (

    select * from {{ ref('shopify_fivetran__order_line_context') }}

),

refund_line_context as (

    select * from {{ ref('shopify_fivetran__refund_line_context') }}

),

fulfillment_context as (

    select * from {{ ref('shopify_fivetran__fulfillment_context') }}

),

variants as (

    select * from {{ ref('shopify_fivetran__landed_product_variant') }}

),

shipping_lines as (

    select * from {{ ref('shopify_fivetran__landed_order_shipping_line') }}

),

-- the fate of each parent id, for the rows merged into the parent
line_fates as (

    select
        source_line_id as parent_id,
        min(set_aside_reason) as set_aside_reason
    from line_context
    group by 1

),

order_fates as (

    select
        source_order_id as parent_id,
        min(set_aside_reason) as set_aside_reason
    from order_context
    group by 1

),

fulfillment_fates as (

    select
        source_fulfillment_id as parent_id,
        min(set_aside_reason) as set_aside_reason
    from fulfillment_context
    group by 1

),

returned_refunds as (

    select distinct source_refund_id
    from refund_line_context
    where set_aside_reason is null

),

returned_lines as (

    select distinct
        source_return_id,
        source_line_id
    from refund_line_context
    where set_aside_reason is null

),

customer_ids as (

    select distinct {{ landed_text('id') }} as source_customer_id
    from {{ ref('shopify_fivetran__landed_customer') }}

),

variant_products as (

    select distinct {{ landed_text('product_id') }} as source_product_id
    from variants

),

variant_items as (

    select distinct {{ landed_text('inventory_item_id') }} as source_item_id
    from variants

),

mapped_rows as (

    select
        'order' as landed_table,
        'orders' as contract_table,
        set_aside_reason
    from order_context
    union all
    select
        'order_line' as landed_table,
        'order_lines' as contract_table,
        set_aside_reason
    from line_context
    union all
    select
        landed_table,
        'returns' as contract_table,
        set_aside_reason
    from refund_line_context
    union all
    select
        'fulfillment' as landed_table,
        'shipments' as contract_table,
        set_aside_reason
    from fulfillment_context
    union all
    select
        'customer' as landed_table,
        'customers' as contract_table,
        null as set_aside_reason
    from {{ ref('shopify_fivetran__landed_customer') }}
    union all
    select
        'product_variant' as landed_table,
        'products' as contract_table,
        null as set_aside_reason
    from variants
    union all
    select
        'location' as landed_table,
        'stores, warehouses' as contract_table,
        null as set_aside_reason
    from {{ ref('shopify_fivetran__landed_location') }}

),

-- rows whose values go into their parent's contract row: merged when the
-- parent is mapped, else set aside with the parent's fate
merged_rows as (

    {%- set line_children = [
        'discount_allocation', 'tax_line', 'order_line_tax_line'
    ] %}
    {% for table in line_children %}
        select
            '{{ table }}' as landed_table,
            'order_lines' as contract_table,
            {{ adapter_parent_fate('order line', 'line_fates') }} as reason
        from {{ ref('shopify_fivetran__landed_' ~ table) }} as landed
        left join line_fates
            on
                {{ landed_text('landed.order_line_id') }}
                = line_fates.parent_id
        union all
    {% endfor %}

    select
        'order_shipping_line' as landed_table,
        'orders' as contract_table,
        {{ adapter_parent_fate('order', 'order_fates') }} as reason
    from shipping_lines
    left join order_fates
        on
            {{ landed_text('shipping_lines.order_id') }}
            = order_fates.parent_id

    union all

    select
        'order_shipping_tax_line' as landed_table,
        'orders' as contract_table,
        {{ adapter_parent_fate('order', 'order_fates') }} as reason
    from {{ ref('shopify_fivetran__landed_order_shipping_tax_line') }} as landed
    left join shipping_lines
        on
            {{ landed_text('landed.order_shipping_line_id') }}
            = {{ landed_text('shipping_lines.id') }}
    left join order_fates
        on
            {{ landed_text('shipping_lines.order_id') }}
            = order_fates.parent_id

    union all

    select
        'refund' as landed_table,
        'returns' as contract_table,
        case
            when returned_refunds.source_refund_id is null
                then 'none of its refunded lines is a return'
        end as reason
    from {{ ref('shopify_fivetran__landed_refund') }} as landed
    left join returned_refunds
        on {{ landed_text('landed.id') }} = returned_refunds.source_refund_id

    union all

    select
        'return_line_item' as landed_table,
        'returns' as contract_table,
        case
            when returned_lines.source_return_id is null
                then 'not refunded (yet), or its refund is no return'
        end as reason
    from {{ ref('shopify_fivetran__landed_return_line_item') }} as landed
    left join returned_lines
        on
            {{ landed_text('landed.return_id') }}
            = returned_lines.source_return_id
            and {{ landed_text('landed.order_line_id') }}
            = returned_lines.source_line_id

    union all

    select
        'fulfillment_event' as landed_table,
        'shipments' as contract_table,
        case
            when coalesce({{ landed_bool('landed._fivetran_deleted') }}, false)
                then 'deleted in Shopify'
            else
                {{ adapter_parent_fate('fulfillment', 'fulfillment_fates') }}
        end as reason
    from {{ ref('shopify_fivetran__landed_fulfillment_event') }} as landed
    left join fulfillment_fates
        on
            {{ landed_text('landed.fulfillment_id') }}
            = fulfillment_fates.parent_id

    union all

    select
        'fulfillment_tracking_info' as landed_table,
        'shipments' as contract_table,
        {{ adapter_parent_fate('fulfillment', 'fulfillment_fates') }} as reason
    from
        {{ ref('shopify_fivetran__landed_fulfillment_tracking_info') }}
            as landed
    left join fulfillment_fates
        on
            {{ landed_text('landed.fulfillment_id') }}
            = fulfillment_fates.parent_id

    union all

    select
        'customer_address' as landed_table,
        'customers' as contract_table,
        case
            when customer_ids.source_customer_id is null
                then 'no landed customer'
            when not coalesce({{ landed_bool('landed.is_default') }}, false)
                then 'not the default address'
        end as reason
    from {{ ref('shopify_fivetran__landed_customer_address') }} as landed
    left join customer_ids
        on
            {{ landed_text('landed.customer_id') }}
            = customer_ids.source_customer_id

    union all

    select
        'customer_tag' as landed_table,
        'customers' as contract_table,
        case
            when customer_ids.source_customer_id is null
                then 'no landed customer'
        end as reason
    from {{ ref('shopify_fivetran__landed_customer_tag') }} as landed
    left join customer_ids
        on
            {{ landed_text('landed.customer_id') }}
            = customer_ids.source_customer_id

    union all

    select
        'product' as landed_table,
        'products' as contract_table,
        case
            when variant_products.source_product_id is null
                then 'no landed variant'
        end as reason
    from {{ ref('shopify_fivetran__landed_product') }} as landed
    left join variant_products
        on {{ landed_text('landed.id') }} = variant_products.source_product_id

    union all

    select
        'inventory_item' as landed_table,
        'products' as contract_table,
        case
            when variant_items.source_item_id is null
                then 'no landed variant'
        end as reason
    from {{ ref('shopify_fivetran__landed_inventory_item') }} as landed
    left join variant_items
        on {{ landed_text('landed.id') }} = variant_items.source_item_id

    union all

    select
        'shop' as landed_table,
        'orders, products' as contract_table,
        case
            when coalesce({{ landed_bool('_fivetran_deleted') }}, false)
                then 'deleted in Shopify'
        end as reason
    from {{ ref('shopify_fivetran__landed_shop') }}

),

classified as (

    select
        landed_table,
        case
            when set_aside_reason is null then 'mapped' else 'set_aside'
        end as outcome,
        contract_table,
        set_aside_reason as reason
    from mapped_rows
    union all
    select
        landed_table,
        case when reason is null then 'merged' else 'set_aside' end as outcome,
        contract_table,
        reason
    from merged_rows

),

final as (

    select
        'shopify_fivetran' as adapter,
        landed_table,
        outcome,
        contract_table,
        reason,
        count(*) as landed_rows
    from classified
    group by all

)

select * from final
