"""The demo's web sessions, product views and purchases as GA4's BigQuery export.

``write_landed(tables, folder)`` turns the contract-shaped ``sessions``,
``product_views`` and webshop ``orders`` into the events of GA4's daily
export tables, one file per day ``events_YYYYMMDD`` (the day in the
property's time zone, Europe/Amsterdam), with the export's columns and
nesting (``event_params``, ``items``, ``device``, ``traffic_source``,
``collected_traffic_source``, ``session_traffic_source_last_click``,
``ecommerce``, ...): most days Parquet, some newline-delimited JSON
(``.jsonl``, one ``.json``) whose INT64 values are strings as BigQuery
writes them, and one day exported in two parts into a sub-folder
(docs/adapters/ga4_bigquery.md, "The demo in GA4's shape").

Per demo session: ``session_start`` and the landing ``page_view`` at its
start, the further page views, one ``add_to_cart`` per interaction, a
``view_item`` per product view, a ``purchase`` per webshop order (its
``ecommerce.transaction_id`` is the order id) and a closing
``user_engagement`` at start + duration. Event times are microseconds whose
floor to the second gives the demo's start, and whose difference floored
to the second gives the demo's duration. The visitor is ``user_pseudo_id``
(``V0000433`` -> ``100000433.<first visit>``), the session
``ga_session_id`` its start in epoch seconds (two visitors who start in
the same second share it); ``user_id`` is the demo's customer id.

The awkward rows the adapter's unit tests name, none of which changes a
demo value (``AWKWARD`` names them): sessions crossing local midnight (two
daily files), an event exported twice, a session of one event, a
``smart tv``, an unknown source, consent-mode events without a
``user_pseudo_id`` (with the purchase of an order the demo has no session
for), a purchase sent again in a later session, a purchase of no order,
and an intraday table (``events_intraday_*``, skipped by the adapter).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pandas as pd

from ecommerce_kpis.demo.shapes.google_ads_fivetran import (
    ACCOUNTS,
    USD_CAMPAIGNS,
)
from ecommerce_kpis.demo.shapes.google_ads_fivetran import (
    campaign_id as google_ads_campaign_id,
)

PLATFORM = "ga4"
FILLS = ("sessions", "product_views")
# contract columns of other tables that the adapter supplies (the order
# link): a shop's own orders do not know GA4's sessions, written empty
LINKED = {"orders": ("session_id",)}
# shapes whose ids GA4's events carry in their own fields (a Google Ads click),
# not as a tagged utm_id: the demo's ids reach write_landed as they are
RESOLVES = ("google_ads_fivetran",)
HOST = "https://shop.example.com"
STREAM_ID = "4567890123"
# the canonical source / medium of each demo channel (direct: none at all)
TRAFFIC = {
    "organic_search": ("google", "organic"),
    "paid_search": ("google", "cpc"),
    "paid_social": ("facebook", "cpc"),
    "organic_social": ("instagram", "social"),
    "email": ("klaviyo", "email"),
    "display": ("google", "display"),
    "affiliate": ("awin", "affiliate"),
    "referral": ("blog.example.org", "referral"),
}
# days written as newline-delimited JSON: the 15th of each month as .jsonl,
# and one day as .json; one day in two parts in a sub-folder
JSONL_DAY_OF_MONTH = 15
JSON_DAY = "20250603"
SPLIT_DAY = "20251128"
# the awkward rows: kind -> (what, the demo session or order it concerns)
AWKWARD_SESSIONS = {
    # a session of its landing page_view only (no session_start, no
    # user_engagement): a bounce of 0 s without product views or orders
    "one_event": "the first such bounce from 2025-02-01 on",
    # a page_view exported twice, byte for byte
    "duplicated": "the first session from 2025-03-10 on with 3+ page views",
    # device.category `smart tv` on a demo desktop session
    "smart_tv": "the first desktop session from 2025-04-01 on",
    # an unknown source / medium on a demo referral session
    "unknown_source": "the first referral session from 2025-05-01 on",
}
SMART_TV = "smart tv"
UNKNOWN_SOURCE = ("partner-portal.example.net", "partnership")
# a purchase of no order of the shop (a test order deleted in the shop)
UNKNOWN_TRANSACTION = "T-DELETED-1"
CONSENT_DAY = "2025-02-14"
INTRADAY_DAY = "20260701"
# the rows' order in a file: time, then ties broken to the same bytes every run
ORDER = (
    "order by event_timestamp, event_name, user_pseudo_id nulls first,"
    " event_bundle_sequence_id, batch_event_index"
)

_EVENT_TYPES = """
create or replace macro p_int(k, v) as {'key': k, 'value': {
    'string_value': null::varchar, 'int_value': v::bigint,
    'float_value': null::double, 'double_value': null::double}};
create or replace macro p_str(k, v) as {'key': k, 'value': {
    'string_value': v::varchar, 'int_value': null::bigint,
    'float_value': null::double, 'double_value': null::double}};
create or replace macro p_dbl(k, v) as {'key': k, 'value': {
    'string_value': null::varchar, 'int_value': null::bigint,
    'float_value': null::double, 'double_value': v::double}};
"""


def user_pseudo_id_sql(visitor: str, first_visit: str) -> str:
    """SQL: GA4's client id of a demo visitor: a number unique per visitor id
    (V0000433 -> 100000433, A0007652 -> 200007652, a second device's
    V0000433b -> 300000433) and the first visit's epoch seconds."""
    number = (
        f"((case when {visitor} like 'A%' then 2 else 1 end"
        f" + case when {visitor} like '%b' then 2 else 0 end) * 100000000"
        f" + cast(regexp_extract({visitor}, '[0-9]+') as bigint))"
    )
    return f"cast({number} as varchar) || '.' || cast({first_visit} as varchar)"


def _sessions_sql(google: dict[str, str], names: dict[str, str]) -> str:
    """The demo sessions with their GA4 keys, microsecond bounds and traffic."""
    google_values = ", ".join(f"('{demo}', '{gid}')" for demo, gid in google.items()) or (
        "(null, null)"
    )
    name_values = ", ".join(
        f"('{demo}', '{name.replace(chr(39), chr(39) * 2)}')" for demo, name in names.items()
    )
    usd = ", ".join(f"'{c}'" for c in sorted(USD_CAMPAIGNS)) or "null"
    traffic_values = ", ".join(f"('{ch}', '{src}', '{med}')" for ch, (src, med) in TRAFFIC.items())
    return f"""
    create or replace table ga_sessions as
    with typed as (
        select
            session_id,
            visitor_id,
            nullif(customer_id, '') as customer_id,
            cast(session_start_at as timestamp) as start_at,
            cast(duration_seconds as bigint) as duration,
            cast(pageviews as bigint) as pageviews,
            cast(interactions as bigint) as interactions,
            device_category,
            channel,
            nullif(campaign_id, '') as campaign_id,
            landing_page,
            row_number() over (order by session_id) - 1 as rn
        from sessions
    ),
    keyed as (
        select
            *,
            epoch(start_at)::bigint as ga_session_id,
            min(epoch(start_at)::bigint) over (partition by visitor_id) as first_visit,
            row_number() over (partition by visitor_id order by start_at) as session_number,
            first_value(channel) over (partition by visitor_id order by start_at)
                as first_channel,
            (rn * 7919 + 4111) % 900000 as start_offset,
            1000 + (rn * 104729) % 998000 as end_offset
        from typed
    )
    select
        keyed.*,
        {user_pseudo_id_sql("visitor_id", "first_visit")} as user_pseudo_id,
        epoch_us(start_at) + start_offset as first_us,
        epoch_us(start_at) + start_offset + duration * 1000000 + end_offset as last_us,
        traffic.source,
        traffic.medium,
        google.google_id,
        names.campaign_name,
        case when google.google_id is not null then
            case when campaign_id in ({usd}) then '{ACCOUNTS[1][0]}' else '{ACCOUNTS[0][0]}' end
        end as google_customer_id,
        case when google.google_id is not null then
            case when campaign_id in ({usd}) then '{ACCOUNTS[1][3]}' else '{ACCOUNTS[0][3]}' end
        end as google_account_name,
        first_traffic.source as first_source,
        first_traffic.medium as first_medium,
        duration >= 10 or pageviews >= 2 as engaged
    from keyed
    left join (values {traffic_values}) as traffic (channel, source, medium)
        on keyed.channel = traffic.channel
    left join (values {traffic_values}) as first_traffic (channel, source, medium)
        on keyed.first_channel = first_traffic.channel
    left join (values {google_values}) as google (demo_id, google_id)
        on keyed.campaign_id = google.demo_id
    left join (values {name_values}) as names (demo_id, campaign_name)
        on keyed.campaign_id = names.demo_id
    """


_SKELETON = """
create or replace table skeleton as
-- session_start and the landing page_view at the first microsecond
select rn, 'session_start' as event_name, first_us as ts, 0 as seq,
    landing_page as page, null as product_id, null as order_id
from ga_sessions
union all
select rn, 'page_view', first_us, 1, landing_page, null, null
from ga_sessions
union all
-- the further page views, then one add_to_cart per interaction, spread
-- over the session's span
select
    rn,
    case when k < pageviews then 'page_view' else 'add_to_cart' end,
    first_us + (k * (last_us - first_us)) // (pageviews + interactions),
    1 + k,
    case when k < pageviews then '/p/G' || lpad(cast((rn * 31 + k * 17) % 200 + 1 as varchar), 4, '0')
    end,
    null,
    null
from (
    select rn, first_us, last_us, pageviews, interactions,
        unnest(range(1, pageviews + interactions)) as k
    from ga_sessions
    where pageviews + interactions > 1
)
union all
-- the closing user_engagement at start + duration
select rn, 'user_engagement', last_us, 100000, null, null, null
from ga_sessions
union all
-- product views: the demo's second, the session's microsecond offset, and
-- a few microseconds apart within one second
select
    ga_sessions.rn,
    'view_item',
    epoch_us(cast(views.viewed_at as timestamp)) + ga_sessions.start_offset
        + row_number() over (
            partition by views.session_id, views.viewed_at order by views.view_id
        ),
    200000,
    null,
    views.product_id,
    null
from product_views as views
inner join ga_sessions on views.session_id = ga_sessions.session_id
union all
-- a purchase per webshop order of a known session, at the order's second
select
    ga_sessions.rn,
    'purchase',
    epoch_us(cast(orders.ordered_at as timestamp)) + ga_sessions.start_offset + 500,
    300000,
    null,
    null,
    orders.order_id
from orders
inner join ga_sessions on orders.session_id = ga_sessions.session_id
"""

_EVENTS = """
create or replace table events as
with items_of_orders as (
    select
        lines.order_id,
        list({
            'item_id': lines.product_id,
            'item_name': products.product_name,
            'item_brand': products.brand,
            'item_category': products.category,
            'price': cast(lines.unit_price as double),
            'quantity': cast(lines.quantity as bigint),
            'item_revenue': cast(lines.quantity as bigint) * cast(lines.unit_price as double)
                - cast(lines.discount_amount as double),
            'item_list_index': null::varchar
        } order by lines.order_line_id) as items,
        sum(cast(lines.quantity as bigint)) as quantity,
        sum(cast(lines.quantity as bigint) * cast(lines.unit_price as decimal(18, 2))
            - cast(lines.discount_amount as decimal(18, 2))) as net
    from order_lines as lines
    inner join products on lines.product_id = products.product_id
    group by lines.order_id
),
located as (
    select
        skeleton.*,
        s.*,
        case
            when skeleton.event_name in ('session_start', 'page_view')
                and skeleton.seq <= 1 then '@HOST@' || s.landing_page || s.query
            when skeleton.page is not null then '@HOST@' || skeleton.page
            when skeleton.event_name = 'view_item' then '@HOST@/p/' || products.product_group_id
            when skeleton.event_name = 'purchase' then '@HOST@/checkout/thank-you'
            else '@HOST@' || s.landing_page
        end as page_location,
        products.product_name,
        products.brand,
        products.category,
        cast(products.list_price as double) as list_price,
        orders.shipping_fee,
        items_of_orders.items as order_items,
        items_of_orders.quantity as order_quantity,
        items_of_orders.net as order_net
    from skeleton
    inner join (
        select
            *,
            case
                when google_id is not null then '?gclid=Cj0KCQ' || lpad(cast(rn as varchar), 8, '0')
                when campaign_id is not null then '?utm_source=' || source || '&utm_medium='
                    || medium || '&utm_id=' || campaign_id
                when rn % 5 = 0 then '?ref=home#top'
                else ''
            end as query,
            -- half of the Google Ads clicks are auto-tagged only (a gclid, no utm)
            google_id is not null and channel = 'paid_search' and rn % 2 = 0 as auto_tagged
        from ga_sessions
    ) as s
        on skeleton.rn = s.rn
    left join products on skeleton.product_id = products.product_id
    left join orders on skeleton.order_id = orders.order_id
    left join items_of_orders on skeleton.order_id = items_of_orders.order_id
)
select
    strftime(timezone('Europe/Amsterdam', make_timestamp(ts)::timestamptz), '%Y%m%d')
        as event_date,
    ts as event_timestamp,
    event_name,
    list_filter([
        p_int('ga_session_id', ga_session_id),
        p_int('ga_session_number', session_number),
        p_str('page_location', page_location),
        p_str('page_title', 'Demo shop'),
        case when event_name = 'page_view' and seq = 1 then p_int('entrances', 1) end,
        case when engaged and event_name != 'session_start' then p_str('session_engaged', '1') end,
        case when event_name = 'user_engagement'
            then p_int('engagement_time_msec', (last_us - first_us) // 1000) end,
        case when event_name = 'purchase' then p_str('transaction_id', order_id) end,
        case when event_name = 'purchase' then p_str('currency', 'EUR') end,
        case when event_name = 'purchase' then p_dbl('value', order_net) end,
        case when event_name = 'view_item' then p_dbl('value', list_price) end
    ], p -> p is not null) as event_params,
    null::bigint as event_previous_timestamp,
    1000000 + rn as event_bundle_sequence_id,
    case when customer_id is not null then customer_id end as user_id,
    user_pseudo_id,
    {'analytics_storage': 'Yes', 'ads_storage': 'Yes', 'uses_transient_token': 'No'}
        as privacy_info,
    first_visit * 1000000 as user_first_touch_timestamp,
    {
        'category': device_category,
        'mobile_brand_name': case device_category when 'desktop' then null else 'Apple' end,
        'operating_system': case device_category when 'desktop' then 'Windows' else 'iOS' end,
        'language': 'nl-nl',
        'is_limited_ad_tracking': 'No',
        'web_info': {'browser': 'Chrome', 'browser_version': '130.0', 'hostname': 'shop.example.com'}
    } as device,
    {'city': 'Amsterdam', 'country': 'Netherlands', 'continent': 'Europe'} as geo,
    -- the user's first touch, never the session's traffic
    {
        'name': case when first_source is null then '(direct)' else '(referral)' end,
        'medium': coalesce(first_medium, '(none)'),
        'source': coalesce(first_source, '(direct)')
    } as traffic_source,
    '@STREAM@' as stream_id,
    'WEB' as platform,
    case
        when event_name = 'purchase' then {
            'total_item_quantity': order_quantity,
            'purchase_revenue_in_usd': null::double,
            'purchase_revenue': cast(order_net + cast(shipping_fee as decimal(18, 2)) as double),
            'shipping_value': cast(shipping_fee as double),
            'tax_value': 0.0,
            'unique_items': len(order_items),
            'transaction_id': order_id
        }
        when event_name in ('view_item', 'add_to_cart') then {
            'total_item_quantity': 1, 'purchase_revenue_in_usd': null,
            'purchase_revenue': null, 'shipping_value': null, 'tax_value': null,
            'unique_items': 1, 'transaction_id': '(not set)'
        }
    end as ecommerce,
    case
        when event_name = 'purchase' then order_items
        when event_name = 'view_item' then [{
            'item_id': product_id,
            'item_name': product_name,
            'item_brand': brand,
            'item_category': category,
            'price': list_price,
            'quantity': 1::bigint,
            'item_revenue': null::double,
            'item_list_index': null::varchar
        }]
        else []
    end as items,
    -- the session's traffic on its first events only
    case when seq <= 1 and (source is not null or google_id is not null) then {
        'manual_campaign_id': campaign_id,
        'manual_campaign_name': campaign_name,
        'manual_source': case when auto_tagged then null else source end,
        'manual_medium': case when auto_tagged then null else medium end,
        'manual_term': null::varchar,
        'manual_content': null::varchar,
        'gclid': case when google_id is not null then 'Cj0KCQ' || lpad(cast(rn as varchar), 8, '0') end,
        'dclid': null::varchar,
        'srsltid': null::varchar
    } end as collected_traffic_source,
    true as is_active_user,
    seq as batch_event_index,
    first_us // 1000 as batch_page_id,
    ts // 1000 as batch_ordering_id,
    {
        'manual_campaign': {
            'campaign_id': campaign_id,
            'campaign_name': campaign_name,
            'source': coalesce(source, '(direct)'),
            'medium': coalesce(medium, '(none)'),
            'term': null::varchar,
            'content': null::varchar
        },
        'google_ads_campaign': {
            'customer_id': google_customer_id,
            'account_name': google_account_name,
            'campaign_id': google_id,
            'campaign_name': case when google_id is not null then campaign_name end,
            'ad_group_id': null::varchar,
            'ad_group_name': null::varchar
        }
    } as session_traffic_source_last_click,
    -- kept for the awkward rows and the files; not exported
    rn as demo_rn,
    seq as demo_seq
from located
"""


def _tables(con: duckdb.DuckDBPyConnection, tables: dict[str, pd.DataFrame]) -> None:
    for name in ("sessions", "product_views", "orders", "order_lines", "products"):
        con.register(f"{name}_frame", tables[name].astype(object))
        con.execute(f"create or replace table {name} as select * from {name}_frame")
        con.unregister(f"{name}_frame")


def _session_keys(tables: dict[str, pd.DataFrame]) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with the demo tables and ``ga_sessions``: the demo
    sessions with their GA4 keys, microsecond bounds and traffic."""
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    _tables(con, tables)
    campaigns = tables["campaigns"]
    google = {
        demo: google_ads_campaign_id(demo)
        for demo in sorted(campaigns.loc[campaigns["platform"] == "google_ads", "campaign_id"])
    }
    names = dict(zip(campaigns["campaign_id"], campaigns["campaign_name"], strict=True))
    con.execute(_EVENT_TYPES)
    con.execute(_sessions_sql(google, names))
    visitors, pseudo, keys, sessions = con.execute(
        "select count(distinct visitor_id), count(distinct user_pseudo_id),"
        " count(distinct (user_pseudo_id, ga_session_id)), count(*) from ga_sessions"
    ).fetchone()
    assert visitors == pseudo and keys == sessions, "GA4 keys of the demo are not unique"
    return con


def build_events(tables: dict[str, pd.DataFrame]) -> duckdb.DuckDBPyConnection:
    """``_session_keys`` plus table ``events``: the demo's GA4 events, the
    awkward rows included, with helper columns ``demo_rn`` (the demo
    session's row in session-id order; NULL for consent-mode rows) and
    ``demo_seq`` (the event's place in its session)."""
    con = _session_keys(tables)
    con.execute(_SKELETON)
    con.execute(_EVENTS.replace("@HOST@", HOST).replace("@STREAM@", STREAM_ID))
    _awkward(con)
    return con


def _first_session(con: duckdb.DuckDBPyConnection, condition: str) -> int:
    (rn,) = con.execute(
        f"select rn from ga_sessions where {condition} order by start_at, rn limit 1"
    ).fetchone()
    return rn


def awkward_sessions(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The demo session (its ``rn``) of each awkward row (AWKWARD_SESSIONS)."""
    return {
        "one_event": _first_session(
            con,
            "start_at >= '2025-02-01' and pageviews = 1 and interactions = 0 and duration = 0"
            " and session_id not in (select session_id from product_views)"
            " and session_id not in (select session_id from orders where session_id is not null)",
        ),
        "duplicated": _first_session(con, "start_at >= '2025-03-10' and pageviews >= 3"),
        "smart_tv": _first_session(con, "start_at >= '2025-04-01' and device_category = 'desktop'"),
        "unknown_source": _first_session(con, "start_at >= '2025-05-01' and channel = 'referral'"),
    }


def _awkward(con: duckdb.DuckDBPyConnection) -> None:
    chosen = awkward_sessions(con)
    # one event: the landing page_view alone
    con.execute(
        "delete from events where demo_rn = ? and event_name != 'page_view'",
        [chosen["one_event"]],
    )
    # a page_view exported twice: the session's second page view
    con.execute(
        "insert into events select * from events where demo_rn = ? and demo_seq = 2"
        " and event_name = 'page_view'",
        [chosen["duplicated"]],
    )
    con.execute(
        "update events set device = struct_update(device, category := ?) where demo_rn = ?",
        [SMART_TV, chosen["smart_tv"]],
    )
    source, medium = UNKNOWN_SOURCE
    con.execute(
        "update events set collected_traffic_source = struct_update(collected_traffic_source,"
        " manual_source := ?, manual_medium := ?) where demo_rn = ? and demo_seq <= 1",
        [source, medium, chosen["unknown_source"]],
    )
    _resent_and_unknown_purchases(con)
    _consent_mode_events(con)


def _insert_purchase(
    con: duckdb.DuckDBPyConnection, rn: int, timestamp: int, transaction_id: str
) -> None:
    """A purchase event of ``transaction_id`` in demo session ``rn`` at
    ``timestamp`` (inside its span): the session's own user_engagement
    event made a purchase, with the items of the demo's first purchase."""
    con.execute(
        """
        insert into events
        select target.* replace (
            strftime(timezone('Europe/Amsterdam', make_timestamp($ts)::timestamptz),
                '%Y%m%d') as event_date,
            $ts as event_timestamp,
            'purchase' as event_name,
            list_concat(
                list_filter(target.event_params, p -> p.key in (
                    'ga_session_id', 'ga_session_number', 'page_location', 'page_title',
                    'session_engaged')),
                [p_str('transaction_id', $tid), p_str('currency', 'EUR')]
            ) as event_params,
            struct_update(donor.ecommerce, transaction_id := $tid) as ecommerce,
            donor.items as items,
            300001 as demo_seq
        )
        from events as target, (
            select ecommerce, items from events where event_name = 'purchase'
            order by event_timestamp limit 1
        ) as donor
        where target.demo_rn = $rn and target.event_name = 'user_engagement'
        """,
        {"ts": timestamp, "tid": transaction_id, "rn": rn},
    )


def _resent_and_unknown_purchases(con: duckdb.DuckDBPyConnection) -> None:
    """A purchase sent again (the thank-you page reopened) in the buyer's
    next session, and a purchase of no order inside a browsing session."""
    order_id, later_rn, first_us, last_us = con.execute(
        """
        select buy.ecommerce.transaction_id, later.rn, later.first_us, later.last_us
        from events as buy
        inner join ga_sessions as s on buy.demo_rn = s.rn
        inner join ga_sessions as later
            on s.visitor_id = later.visitor_id and later.start_at > s.start_at
            and later.last_us - later.first_us > 1000000
        where buy.event_name = 'purchase'
        order by buy.event_timestamp, later.start_at
        limit 1
        """
    ).fetchone()
    _insert_purchase(con, later_rn, (first_us + last_us) // 2, order_id)
    browse = _first_session(
        con,
        "start_at >= '2025-06-10' and last_us - first_us > 1000000"
        " and session_id not in (select session_id from orders where session_id is not null)",
    )
    first_us, last_us = con.execute(
        "select first_us, last_us from ga_sessions where rn = ?", [browse]
    ).fetchone()
    _insert_purchase(con, browse, (first_us + last_us) // 2, UNKNOWN_TRANSACTION)


def _consent_mode_events(con: duckdb.DuckDBPyConnection) -> None:
    """Two consent-mode visits (analytics storage denied: no
    user_pseudo_id, no user_id), the first with the purchase of a webshop
    order the demo has no session for."""
    order_id, ordered_us = con.execute(
        f"""
        select order_id, epoch_us(cast(ordered_at as timestamp))
        from orders
        where sales_channel = 'webshop' and nullif(session_id, '') is null
            and cast(ordered_at as date) >= '{CONSENT_DAY}'
        order by ordered_at, order_id
        limit 1
        """
    ).fetchone()
    visits = [
        (ordered_us - 300_000_000, ["session_start", "page_view", "page_view", "purchase"]),
        (ordered_us + 3_600_000_000, ["session_start", "page_view"]),
    ]
    for visit, (start, names) in enumerate(visits):
        for index, name in enumerate(names):
            is_purchase = name == "purchase"
            ts = start + index * 60_000_000
            con.execute(
                """
                insert into events
                select template.* replace (
                    strftime(timezone('Europe/Amsterdam', make_timestamp($ts)::timestamptz),
                        '%Y%m%d') as event_date,
                    $ts as event_timestamp,
                    $name as event_name,
                    list_filter([
                        p_int('ga_session_id', $session),
                        p_str('page_location', $page),
                        case when $purchase then p_str('transaction_id', $tid) end
                    ], p -> p is not null) as event_params,
                    null as user_id,
                    null as user_pseudo_id,
                    {'analytics_storage': 'No', 'ads_storage': 'No',
                        'uses_transient_token': 'Yes'} as privacy_info,
                    null as user_first_touch_timestamp,
                    case when $purchase
                        then struct_update(template.ecommerce, transaction_id := $tid)
                    end as ecommerce,
                    case when $purchase then template.items else [] end as items,
                    null as collected_traffic_source,
                    null as session_traffic_source_last_click,
                    null as demo_rn,
                    $visit as demo_seq
                )
                from events as template
                where template.event_name = 'purchase'
                order by template.event_timestamp
                limit 1
                """,
                {
                    "ts": ts,
                    "name": name,
                    "session": start // 1_000_000,
                    "page": HOST + "/",
                    "purchase": is_purchase,
                    "tid": order_id,
                    "visit": visit,
                },
            )


def _json_type(parquet_type: str) -> str:
    """BigQuery writes INT64 as JSON strings: the column's type with every
    BIGINT a VARCHAR."""
    return re.sub(r"\bBIGINT\b", "VARCHAR", parquet_type)


def _file_kind(day: str) -> str:
    """The format of a day's file: parquet, jsonl, json or split (two
    Parquet parts in a sub-folder)."""
    if day == SPLIT_DAY:
        return "split"
    if day == JSON_DAY:
        return "json"
    return "jsonl" if int(day[6:]) == JSONL_DAY_OF_MONTH else "parquet"


def write_landed(tables: dict[str, pd.DataFrame], folder: Path) -> list[Path]:
    """Write the demo's GA4 export into ``folder``; returns the files written.
    One partitioned COPY per format (a day per partition), then each
    partition's file is given the export's name."""
    folder.mkdir(parents=True, exist_ok=True)
    con = build_events(tables)
    columns = [
        (name, kind)
        for name, kind, *_ in con.execute("describe events").fetchall()
        if not name.startswith("demo_")
    ]
    parquet = ", ".join(f'"{name}"' for name, _ in columns)
    as_json = ", ".join(
        f'cast("{name}" as {_json_type(kind)}) as "{name}"' for name, kind in columns
    )
    days = [row[0] for row in con.execute("select distinct event_date from events").fetchall()]
    kinds = {day: _file_kind(day) for day in days}
    order = ORDER
    scratch = folder / "_partitions"
    scratch.mkdir(exist_ok=True)
    # the Parquet days: one pass, one file per day (every partition open at
    # once: the default of 100 would start a second file for some days)
    con.execute("set partitioned_write_max_open_files = 2000")
    # one thread writes the files: the same bytes on every run (and faster here)
    con.execute("set threads = 1")
    chosen = ", ".join(f"'{day}'" for day, kind in kinds.items() if kind == "parquet")
    con.execute(
        f"copy (select {parquet}, event_date as day from events where event_date in ({chosen})"
        f" {order}) to '{scratch}' (format parquet, partition_by (day))"
    )
    paths = []
    for part_folder in sorted(scratch.glob("day=*")):
        (part,) = part_folder.iterdir()
        target = folder / f"events_{part_folder.name.removeprefix('day=')}.parquet"
        part.rename(target)
        paths.append(target)
    json_days = sorted(day for day, kind in kinds.items() if kind in ("json", "jsonl"))
    listed = ", ".join(f"'{day}'" for day in json_days)
    con.execute(
        f"create table json_events as select {as_json} from events"
        f" where event_date in ({listed}) {order}"
    )
    for day in json_days:
        target = folder / f"events_{day}.{kinds[day]}"
        con.execute(
            f"copy (select * from json_events where event_date = '{day}' {order})"
            f" to '{target}' (format json)"
        )
        _escape_like_bigquery(target)
        paths.append(target)
    if SPLIT_DAY in kinds:
        # the day's export in two parts, as BigQuery names the files of a
        # wildcard URI, in a sub-folder
        part_folder = folder / f"events_{SPLIT_DAY}"
        part_folder.mkdir(exist_ok=True)
        middle = f"(select median(event_timestamp) from events where event_date = '{SPLIT_DAY}')"
        for part, side in enumerate(("<", ">=")):
            target = part_folder / f"events_{SPLIT_DAY}_{part:012d}.parquet"
            con.execute(
                f"copy (select {parquet} from events where event_date = '{SPLIT_DAY}'"
                f" and event_timestamp {side} {middle} {order}) to '{target}' (format parquet)"
            )
            paths.append(target)
    shutil.rmtree(scratch)
    paths.append(_write_intraday(con, folder, parquet))
    con.close()
    return sorted(paths)


def _escape_like_bigquery(path: Path) -> None:
    """BigQuery's JSON export writes <, > and & as \\u003c, \\u003e, \\u0026."""
    text = path.read_text()
    for char in "<>&":
        text = text.replace(char, f"\\u{ord(char):04x}")
    path.write_text(text)


def _write_intraday(con: duckdb.DuckDBPyConnection, folder: Path, parquet: str) -> Path:
    """An intraday table of the day after the demo: the first demo day's
    events again, a day later (the adapter skips ``events_intraday_*``)."""
    path = folder / f"events_intraday_{INTRADAY_DAY}.parquet"
    first = con.execute("select min(event_date) from events").fetchone()[0]
    con.execute(
        f"copy (select * replace ('{INTRADAY_DAY}' as event_date) from (select {parquet}"
        f" from events where event_date = '{first}' {ORDER})) to '{path}' (format parquet)"
    )
    return path


def session_ids(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Demo session id -> the adapter's session id (``ga4:<user_pseudo_id>:<ga_session_id>``)."""
    con = _session_keys(tables)
    rows = con.execute(
        "select session_id, 'ga4:' || user_pseudo_id || ':' || ga_session_id from ga_sessions"
    ).fetchall()
    con.close()
    return dict(rows)


def fx_rates(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """GA4 carries no money the KPIs read: no rates."""
    return pd.DataFrame({"rate_date": [], "currency": [], "rate_to_reporting": []})
