-- Where every landed WooCommerce row went (D74), one row per landed table,
-- outcome, contract table and reason: `mapped` (it is a row of the
-- contract table; its base model may still quarantine it, see
-- dq_rejected_rows), `merged` (its values are part of rows of the
-- contract table) or `set_aside` (no KPI reads it, for the reason given).
-- The elements of the nested arrays the adapter maps row by row
-- (orders__line_items, refunds__line_items, products__cross_sell_ids) are
-- counted as rows of their own. Each landed row is counted once.
with

order_context as (

    select * from {{ ref('woocommerce__order_context') }}

),

line_context as (

    select * from {{ ref('woocommerce__order_line_context') }}

),

refund_line_context as (

    select * from {{ ref('woocommerce__refund_line_context') }}

),

product_context as (

    select * from {{ ref('woocommerce__product_context') }}

),

cross_sells as (

    select * from {{ ref('woocommerce__landed_products__cross_sell_ids') }}

),

product_fates as (

    select
        source_product_id,
        min(set_aside_reason) as set_aside_reason
    from product_context
    group by 1

),

variation_groups as (

    select distinct source_group_id
    from product_context
    where landed_table = 'product_variations'

),

refund_fates as (

    select
        source_refund_id,
        bool_or(set_aside_reason is null) as has_a_return
    from refund_line_context
    group by 1

),

mapped_rows as (

    select
        'orders' as landed_table,
        case
            when is_guest_first_order then 'orders, customers' else 'orders'
        end as contract_table,
        set_aside_reason
    from order_context
    union all
    select
        'orders__line_items' as landed_table,
        'order_lines' as contract_table,
        set_aside_reason
    from line_context
    union all
    select
        'refunds__line_items' as landed_table,
        'returns' as contract_table,
        set_aside_reason
    from refund_line_context
    union all
    select
        'customers' as landed_table,
        'customers' as contract_table,
        null as set_aside_reason
    from {{ ref('woocommerce__landed_customers') }}
    union all
    select
        'coupons' as landed_table,
        'promotions' as contract_table,
        null as set_aside_reason
    from {{ ref('woocommerce__landed_coupons') }}
    union all
    select
        landed_table,
        'products' as contract_table,
        set_aside_reason
    from product_context
    where merged_as is null
    union all
    select
        'products__cross_sell_ids' as landed_table,
        'product_complements' as contract_table,
        case
            when owners.set_aside_reason is not null
                then 'product set aside: ' || owners.set_aside_reason
            when offered.set_aside_reason is not null
                then
                    'offered product set aside: '
                    || offered.set_aside_reason
        end as set_aside_reason
    from cross_sells
    left join product_fates as owners
        on
            {{ landed_text('cross_sells.product_id') }}
            = owners.source_product_id
    left join product_fates as offered
        on
            {{ landed_json_text('cross_sells.cross_sell_id', '$') }}
            = offered.source_product_id

),

-- rows whose values go into other contract rows: merged when those are
-- mapped, else set aside
merged_rows as (

    select
        'products' as landed_table,
        'products' as contract_table,
        case
            when variation_groups.source_group_id is null
                then 'a variable product without a landed variation'
        end as reason
    from product_context
    left join variation_groups
        on product_context.source_product_id = variation_groups.source_group_id
    where product_context.merged_as is not null

    union all

    select
        'refunds' as landed_table,
        'returns' as contract_table,
        case
            when refund_fates.source_refund_id is null
                then 'a refund without refunded lines (an amount only)'
            when not refund_fates.has_a_return
                then 'none of its refunded lines is a return'
        end as reason
    from {{ ref('woocommerce__landed_refunds') }} as landed
    left join refund_fates
        on {{ landed_text('landed.id') }} = refund_fates.source_refund_id

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
        'woocommerce' as adapter,
        landed_table,
        outcome,
        contract_table,
        reason,
        count(*) as landed_rows
    from classified
    group by all

)

select * from final
