with

store_traffic as (

    select * from {{ ref('stg_pos__store_traffic') }}

),

orders as (

    select * from {{ ref('int_orders_enriched') }}

),

store_orders as (

    select
        store_id,
        order_date as date_day,
        count(*) as transactions
    from orders
    where is_valid and sales_channel = 'store'
    group by store_id, order_date

),

final as (

    select
        coalesce(store_traffic.store_id, store_orders.store_id) as store_id,
        coalesce(store_traffic.traffic_date, store_orders.date_day)
            as date_day,
        -- no counter row: visitors unknown (NULL), not zero
        store_traffic.visitors,
        coalesce(store_orders.transactions, 0) as transactions
    from store_traffic
    full outer join store_orders
        on
            store_traffic.store_id = store_orders.store_id
            and store_traffic.traffic_date = store_orders.date_day

)

select * from final
