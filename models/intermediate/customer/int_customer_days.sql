{{ config(**incremental_by_date('date_day')) }}

{%- set window_start = incremental_window_start('date_day') %}

with

order_lines as (

    select * from {{ ref('int_order_lines_enriched') }}
    where {{ incremental_window('order_date', window_start) }}

),

complements as (

    select * from {{ ref('stg_shop__product_complements') }}

),

valid_lines as (

    select
        order_line_id,
        order_id,
        customer_id,
        customer_type,
        order_date as date_day,
        product_group_id,
        has_recommendation,
        is_upgradable_group,
        is_upsell_variant,
        net_revenue
    from order_lines
    where is_valid and customer_id is not null

),

-- two different lines x and y of the customer that day, across orders,
-- with (group of x, group of y) in the complements table
cross_sell_days as (

    select distinct
        x.customer_id,
        x.date_day
    from valid_lines as x
    inner join valid_lines as y
        on
            x.customer_id = y.customer_id
            and x.date_day = y.date_day
            and x.order_line_id != y.order_line_id
    inner join complements
        on
            x.product_group_id = complements.product_group_id
            and y.product_group_id = complements.complement_group_id

),

customer_days as (

    select
        customer_id,
        date_day,
        customer_type,
        count(distinct order_id) as orders,
        sum(net_revenue) as net_revenue,
        max(case when has_recommendation then 1 else 0 end)
        = 1 as has_recommendation_line,
        max(case when is_upgradable_group then 1 else 0 end)
        = 1 as has_upgradable_line,
        max(case when is_upsell_variant then 1 else 0 end)
        = 1 as has_upsell_line
    from valid_lines
    group by customer_id, date_day, customer_type

),

final as (

    select
        customer_days.*,
        cross_sell_days.customer_id is not null as has_cross_sell
    from customer_days
    left join cross_sell_days
        on
            customer_days.customer_id = cross_sell_days.customer_id
            and customer_days.date_day = cross_sell_days.date_day

)

select * from final
