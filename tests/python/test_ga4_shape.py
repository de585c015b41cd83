"""The demo in GA4's BigQuery-export shape (`generate --shape ga4_bigquery`), without dbt.

The files are read back here with plain DuckDB SQL of their own (not the
adapter's models) and sessionised by the interface's rules (D84/D85): key
user_pseudo_id + ga_session_id, start = first event floored to the
second, duration = (last - first microseconds) floored, page_view and
add_to_cart counted, landing page = path of the first page_view, traffic
from the first event with collected_traffic_source. That gives back the
demo's sessions and product views exactly, but for the awkward rows the
shape plants on purpose, which are checked one by one.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from ecommerce_kpis.demo.generate import Config, generate
from ecommerce_kpis.demo.shapes import ga4_bigquery, write_shape

pytestmark = pytest.mark.slow

CHANNELS = {pair: channel for channel, pair in ga4_bigquery.TRAFFIC.items()}


@pytest.fixture(scope="module")
def tables():
    return generate(Config())


@pytest.fixture(scope="module")
def landed(tables, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ga4_shape")
    write_shape("ga4_bigquery", tables, folder)
    return folder


def _events_sql(folder: Path) -> str:
    """Every daily file's events, INT64s typed (JSON holds them as strings);
    the intraday file left out."""
    columns = (
        "event_date, cast(event_timestamp as bigint) as ts, event_name, user_pseudo_id,"
        " user_id, device.category as device_category,"
        " cast(list_filter(event_params, p -> p.key = 'ga_session_id')[1].value.int_value"
        " as bigint) as ga_session_id,"
        " list_filter(event_params, p -> p.key = 'page_location')[1].value.string_value"
        " as page_location,"
        " collected_traffic_source.manual_source as manual_source,"
        " collected_traffic_source.manual_medium as manual_medium,"
        " collected_traffic_source.manual_campaign_id as manual_campaign_id,"
        " collected_traffic_source.gclid as gclid,"
        " session_traffic_source_last_click.google_ads_campaign.campaign_id as google_ads_id,"
        " ecommerce.transaction_id as transaction_id,"
        " [item.item_id for item in items] as item_ids,"
        " filename"
    )
    parquet = f"read_parquet('{folder}/**/events_*.parquet', union_by_name = true, filename = true)"
    jsonl = (
        f"read_json(['{folder}/events_*.jsonl', '{folder}/events_*.json'],"
        " format = 'newline_delimited', union_by_name = true, filename = true)"
    )
    return (
        f"select {columns} from {parquet} where filename not like '%intraday%'"
        f" union all select {columns} from {jsonl}"
    )


@pytest.fixture(scope="module")
def con(landed: Path):
    connection = duckdb.connect()
    connection.execute(f"create table raw_events as {_events_sql(landed / 'ga4_bigquery')}")
    # an event exported twice is one event
    connection.execute(
        "create table events as select distinct * exclude (filename) from raw_events"
    )
    yield connection
    connection.close()


def _demo_sessions(tables) -> list[tuple]:
    sessions = tables["sessions"]
    keys = ga4_bigquery.session_ids(tables)
    return sorted(
        (
            keys[row.session_id],
            row.session_start_at,
            int(row.duration_seconds),
            int(row.pageviews),
            int(row.interactions),
            row.device_category,
            row.channel,
            row.landing_page,
        )
        for row in sessions.itertuples()
    )


SESSIONISED = """
with keyed as (
    select *, 'ga4:' || user_pseudo_id || ':' || ga_session_id as session_id
    from events
    where user_pseudo_id is not null
),
traffic as (
    select session_id, manual_source, manual_medium, gclid
    from keyed
    where manual_source is not null or gclid is not null
    qualify row_number() over (partition by session_id order by ts) = 1
),
landing as (
    select session_id, regexp_extract(page_location, '^https?://[^/]+([^?#]*)', 1) as path
    from keyed
    where event_name = 'page_view'
    qualify row_number() over (partition by session_id order by ts) = 1
)
select
    keyed.session_id,
    strftime(make_timestamp(min(ts) // 1000000 * 1000000), '%Y-%m-%d %H:%M:%S'),
    (max(ts) - min(ts)) // 1000000,
    count(*) filter (where event_name = 'page_view'),
    count(*) filter (where event_name = 'add_to_cart'),
    any_value(device_category),
    any_value(coalesce(traffic.manual_source, 'google')),
    any_value(coalesce(traffic.manual_medium, 'cpc')),
    any_value(traffic.session_id is null),
    any_value(landing.path)
from keyed
left join traffic on keyed.session_id = traffic.session_id
left join landing on keyed.session_id = landing.session_id
group by keyed.session_id
"""


def _sessionised(con) -> list[tuple]:
    rows = []
    for (
        key,
        start,
        duration,
        views,
        interactions,
        device,
        source,
        medium,
        direct,
        path,
    ) in con.execute(SESSIONISED).fetchall():
        channel = "direct" if direct else CHANNELS.get((source, medium), f"{source}/{medium}")
        rows.append((key, start, duration, views, interactions, device, channel, path))
    return sorted(rows)


def test_sessionised_events_give_back_the_demo_sessions(tables, con) -> None:
    """Every demo session, exactly, but the two whose device or source the
    shape changed on purpose (a smart tv, an unknown source)."""
    keys = ga4_bigquery.session_ids(tables)
    sessions = tables["sessions"].reset_index(drop=True)
    by_rn = dict(zip(range(len(sessions)), sorted(sessions["session_id"]), strict=True))
    changed = ga4_bigquery.awkward_sessions(ga4_bigquery._session_keys(tables))
    smart_tv, unknown = keys[by_rn[changed["smart_tv"]]], keys[by_rn[changed["unknown_source"]]]
    demo = {row[0]: row for row in _demo_sessions(tables)}
    landed = {row[0]: row for row in _sessionised(con)}
    assert landed.keys() == demo.keys()
    differ = {key for key in demo if demo[key] != landed[key]}
    assert differ == {smart_tv, unknown}
    assert landed[smart_tv][5] == "smart tv" and demo[smart_tv][5] == "desktop"
    assert landed[unknown][6] == "partner-portal.example.net/partnership"
    assert demo[unknown][6] == "referral"


def test_product_views_are_view_item_events(tables, con) -> None:
    """One view_item per demo product view, its second and product."""
    keys = ga4_bigquery.session_ids(tables)
    views = tables["product_views"]
    demo = sorted(
        zip(views["session_id"].map(keys), views["product_id"], views["viewed_at"], strict=True)
    )
    landed = con.execute(
        "select 'ga4:' || user_pseudo_id || ':' || ga_session_id, item_ids[1],"
        " strftime(make_timestamp(ts // 1000000 * 1000000), '%Y-%m-%d %H:%M:%S')"
        " from events where event_name = 'view_item'"
    ).fetchall()
    assert sorted(landed) == demo


def test_purchases_carry_the_order_ids_of_their_sessions(tables, con) -> None:
    """A purchase per webshop order of a known session, in that session;
    plus the re-sent one (a later session of the same visitor), the one of
    no order, and the consent-mode one of an order without a session."""
    keys = ga4_bigquery.session_ids(tables)
    orders = tables["orders"]
    linked = orders[orders["session_id"].isin(keys.keys())]
    demo = sorted(zip(linked["order_id"], linked["session_id"].map(keys), strict=True))
    landed = con.execute(
        "select transaction_id, 'ga4:' || user_pseudo_id || ':' || ga_session_id, ts"
        " from events where event_name = 'purchase' order by ts"
    ).fetchall()
    first = {}
    for transaction, session, _ in landed:
        first.setdefault(transaction, session)
    without_session = set(orders.loc[orders["session_id"].isna(), "order_id"])
    extra = {t for t in first if t not in dict(demo)}
    assert extra == {ga4_bigquery.UNKNOWN_TRANSACTION} | (extra & without_session)
    assert len(extra & without_session) == 1
    assert sorted((t, s) for t, s in first.items() if t in dict(demo)) == demo
    counts = {}
    for transaction, _, _ in landed:
        counts[transaction] = counts.get(transaction, 0) + 1
    assert sorted(c for c in counts.values() if c > 1) == [2]


def test_the_awkward_rows_are_there(con) -> None:
    raw = con.execute("select count(*) - (select count(*) from events) from raw_events").fetchone()
    assert raw == (1,), "one event exported twice"
    consent = con.execute(
        "select count(*), count(distinct ga_session_id), count(transaction_id)"
        " from events where user_pseudo_id is null"
    ).fetchone()
    assert consent == (6, 2, 1)
    one_event = con.execute(
        "select count(*) from (select user_pseudo_id, ga_session_id from events"
        " where user_pseudo_id is not null group by all having count(*) = 1)"
    ).fetchone()
    assert one_event == (1,)
    crossing = con.execute(
        "select count(*) from (select user_pseudo_id, ga_session_id from events"
        " where user_pseudo_id is not null group by all having count(distinct event_date) > 1)"
    ).fetchone()[0]
    assert crossing > 0, "sessions that cross local midnight, in two daily files"
    shared = con.execute(
        "select count(*) from (select ga_session_id from events where user_pseudo_id is not null"
        " group by 1 having count(distinct user_pseudo_id) > 1)"
    ).fetchone()[0]
    assert shared > 0, "a ga_session_id shared by two visitors"


def test_the_files_are_daily_in_three_formats_and_a_part_folder(landed: Path) -> None:
    folder = landed / "ga4_bigquery"
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    suffixes = {}
    for name in files:
        suffixes[name.rsplit(".", 1)[1]] = suffixes.get(name.rsplit(".", 1)[1], 0) + 1
    # 546 days: the 15th of 18 months as .jsonl, 2025-06-03 as .json,
    # 2025-11-28 in two parts, the other 526 days and the intraday file Parquet
    assert suffixes == {"parquet": 526 + 2 + 1, "jsonl": 18, "json": 1}
    assert "events_20251128/events_20251128_000000000001.parquet" in files
    assert "events_intraday_20260701.parquet" in files
    # the event date is the file's day in Europe/Amsterdam
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    wrong = con.execute(
        f"select count(*) from read_parquet('{folder}/events_2*.parquet', filename = true)"
        " where 'events_' || event_date || '.parquet' != parse_filename(filename)"
        " or event_date != strftime(timezone('Europe/Amsterdam',"
        " make_timestamp(event_timestamp)::timestamptz), '%Y%m%d')"
    ).fetchone()
    assert wrong == (0,)
    # nested columns typed as BigQuery exports them; INT64 as strings in JSON
    types = dict(
        con.execute(
            f"select column_name, column_type from (describe select * from read_parquet('{folder}/events_20250110.parquet'))"
        ).fetchall()
    )
    assert types["event_timestamp"] == "BIGINT"
    assert types["event_params"].startswith(
        'STRUCT("key" VARCHAR, "value" STRUCT(string_value VARCHAR, int_value BIGINT'
    )
    line = (folder / "events_20250115.jsonl").read_text().splitlines()[0]
    assert '"event_timestamp":"17' in line and "&" not in line


def test_the_shape_is_deterministic(tables, landed: Path, tmp_path: Path) -> None:
    """Written again: every file byte for byte the same."""
    write_shape("ga4_bigquery", tables, tmp_path)

    def digests(root: Path) -> dict[str, str]:
        return {
            p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*")
            if p.is_file()
        }

    assert digests(tmp_path) == digests(landed)


def test_the_raw_orders_have_no_session(landed: Path) -> None:
    """The shop's orders come without GA4 sessions: the order link adds them."""
    assert duckdb.sql(
        f"select count(session_id) from read_csv('{landed}/raw/orders.csv', all_varchar = true)"
    ).fetchone() == (0,)
    assert not (landed / "raw" / "sessions.csv").exists()
    assert not (landed / "raw" / "product_views.csv").exists()
