-- The rows that passed the quarantine (dq_rule NULL in the base model).
with

base as (

    select * from {{ ref('base_shop__order_lines') }}

),

final as (

    select
        order_line_id,
        order_id,
        product_id,
        recommendation_source,
        quantity,
        unit_price,
        discount_amount,
        -- the base model's partition: the local date of the line's order
        dq_partition_date as order_date
    from base
    where dq_rule is null

)

select * from final
