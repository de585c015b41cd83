-- kpi_visitors_per_day: per local day, the webshop's distinct visitors and
-- valid webshop orders, and each store's door-counter visitors (NULL without
-- a counter row) and valid store orders; a row where either is non-zero.
--
-- Local dates: sessions look theirs up in a table of the UTC quarter-hours
-- they span (a distinct count cannot be pre-aggregated); orders are counted
-- per UTC quarter-hour and then converted. Exact for every zone whose offsets
-- and DST changes fall on quarter-hours.
with

sessions as (

    select
        session_start_at,
        visitor_id
    from {sessions}

),

session_local_dates as (

    select
        quarter_hour,
        cast(
            timezone('{timezone}', timezone('UTC', quarter_hour)) as date
        ) as local_date
    from (
        select
            unnest(range(
                time_bucket(interval 15 minute, min(session_start_at)),
                max(session_start_at) + interval 15 minute,
                interval 15 minute
            )) as quarter_hour
        from {sessions}
    )

),

webshop_visitors as (

    select
        session_local_dates.local_date as date_day,
        count(distinct sessions.visitor_id) as visitors
    from sessions
    inner join session_local_dates
        on
            time_bucket(interval 15 minute, sessions.session_start_at)
            = session_local_dates.quarter_hour
    group by all

),

orders as (

    select
        case when sales_channel = 'webshop' then 'webshop' else store_id end
            as location,
        ordered_at
    from {orders}
    where status != 'cancelled'

),

transactions_per_quarter_hour as (

    select
        time_bucket(interval 15 minute, ordered_at) as quarter_hour,
        location,
        count(*) as transactions
    from orders
    group by all

),

transactions as (

    select
        cast(
            timezone('{timezone}', timezone('UTC', quarter_hour)) as date
        ) as date_day,
        location,
        sum(transactions) as transactions
    from transactions_per_quarter_hour
    group by all

),

webshop_transactions as (

    select * from transactions
    where location = 'webshop'

),

store_transactions as (

    select * from transactions
    where location != 'webshop'

),

webshop as (

    select
        coalesce(webshop_visitors.date_day, transactions.date_day) as date_day,
        'webshop' as location,
        coalesce(webshop_visitors.visitors, 0) as visitors,
        coalesce(transactions.transactions, 0) as transactions
    from webshop_visitors
    full outer join webshop_transactions as transactions
        on webshop_visitors.date_day = transactions.date_day

),

stores as (

    select
        coalesce(store_traffic.traffic_date, transactions.date_day) as date_day,
        coalesce(store_traffic.store_id, transactions.location) as location,
        store_traffic.visitors,
        coalesce(transactions.transactions, 0) as transactions
    from {store_traffic} as store_traffic
    full outer join store_transactions as transactions
        on
            store_traffic.store_id = transactions.location
            and store_traffic.traffic_date = transactions.date_day

),

unioned as (

    select * from webshop
    union all
    select * from stores

)

select
    date_day,
    location,
    cast(visitors as bigint) as visitors,
    cast(transactions as bigint) as transactions
from unioned
where coalesce(visitors, 0) != 0 or transactions != 0
