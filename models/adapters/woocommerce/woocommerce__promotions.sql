-- WooCommerce coupons as raw contract `promotions` (D74), keyed by the
-- lower-cased code (WooCommerce applies codes case-insensitively, and an
-- order's coupon_lines name the code, not the coupon id). Type: percent
-- is `percentage`, a coupon of amount 0 that grants free shipping is
-- `free_shipping`, the others (fixed_cart, fixed_product) `fixed_amount`.
-- A coupon has no start date: it starts on the local date it was created
-- (it could be used from then on) and ends on the local date it expires.
with

coupons as (

    select * from {{ ref('woocommerce__landed_coupons') }}

),

final as (

    select
        {{ contract_id('woocommerce', 'lower(' ~ landed_text('code') ~ ')') }}
            as promotion_id,
        coalesce({{ landed_text('description') }}, {{ landed_text('code') }})
            as promotion_name,
        case
            when lower({{ landed_text('discount_type') }}) = 'percent'
                then 'percentage'
            when
                coalesce({{ landed_bool('free_shipping') }}, false)
                and coalesce({{ landed_number('amount') }}, 0) = 0
                then 'free_shipping'
            else 'fixed_amount'
        end as promotion_type,
        strftime(
            {{ to_local_date(landed_timestamp('date_created_gmt')) }},
            '%Y-%m-%d'
        ) as starts_on,
        strftime(
            {{ to_local_date(landed_timestamp('date_expires_gmt')) }},
            '%Y-%m-%d'
        ) as ends_on,
        dq_file_issue
    from coupons

)

select * from final
