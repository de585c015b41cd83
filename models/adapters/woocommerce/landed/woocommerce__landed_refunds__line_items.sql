-- The elements of `refunds.line_items` (a JSON array in the refund's row),
-- one row each: the refunded lines as landed, with their refund's id, time
-- and reason and its file issue.
with

refunds as (

    select * from {{ ref('woocommerce__landed_refunds') }}

),

final as (

    select
        refunds.id as refund_id,
        refunds.date_created_gmt,
        refunds.reason,
        refunds.dq_file_issue,
        cast(
            unnest({{ landed_json_elements('refunds.line_items') }}) as varchar
        ) as line_item
    from refunds

)

select * from final
