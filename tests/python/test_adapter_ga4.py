"""The GA4 adapter (D84): GA4's BigQuery export, landed as files, into sessions.

A small export written here by hand, in BigQuery's nested shape: a JSONL
daily file, a Parquet daily file in a sub-folder (`part2/`), a
newline-delimited `.json` file, an intraday file and a re-exported copy of
part of the first day. ONE whole-project build reads it with no shop data
at all (a GA4-only build), which must be green; every expectation below is
worked out from the fixture by hand (docs/adapters/ga4_bigquery.md).

The demo's GA4 shape is read back here without dbt; the demo round trip
through the adapter is in the README's stack: test_adapter_ga4_round_trip.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import pytest
import yaml
from conftest import (
    CI_DATABASE_NAME,
    ROOT,
    DbtRun,
    build_with_vars,
    copy_database,
    query,
    refused_vars,
    run_dbt,
)

from ecommerce_kpis.demo.generate import Config, generate
from ecommerce_kpis.demo.shapes import ga4_bigquery, write_shape
from ecommerce_kpis.sql_names import sql_literal

pytestmark = pytest.mark.slow

# 2025-03-01 00:00:00 UTC in seconds
T0 = 1_740_787_200
HOUR = 3_600
DAY = 86_400
SHOP = "https://shop.example.com"
# the demo's canonical source / medium per channel (docs/adapters/ga4_bigquery.md)
CHANNEL_TRAFFIC = {
    "organic_search": {"manual_source": "google", "manual_medium": "organic"},
    "paid_search": {
        "manual_source": "google",
        "manual_medium": "cpc",
        "gclid": "Cj0KCQ-fixture",
    },
    "paid_social": {"manual_source": "facebook", "manual_medium": "cpc"},
    "organic_social": {"manual_source": "instagram", "manual_medium": "social"},
    "email": {"manual_source": "klaviyo", "manual_medium": "email", "manual_campaign_id": "CA06"},
    "display": {"manual_source": "google", "manual_medium": "display"},
    "affiliate": {"manual_source": "awin", "manual_medium": "affiliate"},
    "referral": {"manual_source": "blog.example.org", "manual_medium": "referral"},
    "direct": {},
}
GOOGLE_ADS_CAMPAIGN = "21000000001"


def event(
    name: str,
    micros: int,
    user: str | None,
    session: int | None,
    *,
    page: str | None = None,
    device: str = "desktop",
    traffic: dict | None = None,
    items: list[str] | None = None,
    as_json: bool = True,
) -> dict:
    """One exported event. `as_json`: as BigQuery's JSON export writes it
    (INT64 as strings); else native numbers (the Parquet files)."""
    number = str if as_json else int
    params = []
    if session is not None:
        params.append({"key": "ga_session_id", "value": {"int_value": number(session)}})
    if page is not None:
        params.append({"key": "page_location", "value": {"string_value": page}})
    row = {
        "event_date": "20250301",
        "event_timestamp": number(micros),
        "event_name": name,
        "event_params": params,
        "user_pseudo_id": user,
        "device": {"category": device},
        "traffic_source": {"name": "(first touch)", "source": "bing", "medium": "organic"},
    }
    if traffic:
        row["collected_traffic_source"] = traffic
        if "gclid" in traffic:
            row["session_traffic_source_last_click"] = {
                "google_ads_campaign": {"campaign_id": GOOGLE_ADS_CAMPAIGN}
            }
    if items:
        row["items"] = [{"item_id": item, "price": 10.0} for item in items]
    return row


def fixture_files() -> dict[str, list[dict]]:
    """The landed export: file path -> events."""
    day1: list[dict] = []
    # S1-S9: one session per channel, 01:00 ... 09:00 on 1 March: a
    # session_start with the traffic, a page_view 0.1 s later, a second
    # page_view 30 s later (S2's third event is an add_to_cart with an item)
    for i, (channel, traffic) in enumerate(CHANNEL_TRAFFIC.items(), start=1):
        start = T0 + i * HOUR
        user = f"u{i:02d}"
        day1 += [
            event("session_start", start * 10**6, user, start, traffic=traffic),
            event("page_view", start * 10**6 + 100_000, user, start, page=f"{SHOP}/c/{channel}"),
            event("add_to_cart", (start + 30) * 10**6, user, start, items=["P00104"])
            if channel == "paid_search"
            else event("page_view", (start + 30) * 10**6, user, start, page=f"{SHOP}/p/P1"),
        ]
    # S10 across midnight and the daily tables: 23:59:30.25 in the 1 March
    # file; a view_item (two items) and an add_to_cart in the 2 March file
    s10 = T0 + DAY - 30
    day1 += [
        event("session_start", s10 * 10**6 + 250_000, "u10", s10, device="mobile"),
        event(
            "page_view",
            s10 * 10**6 + 250_000,
            "u10",
            s10,
            page=f"{SHOP}/p/P00104?ref=mail#reviews",
            device="mobile",
        ),
    ]
    day2_parquet = [
        event(
            "view_item",
            (T0 + DAY + 15) * 10**6,
            "u10",
            s10,
            device="mobile",
            items=["P00104", "P00270"],
            as_json=False,
        ),
        event(
            "add_to_cart",
            (T0 + DAY + 45) * 10**6 + 750_000,
            "u10",
            s10,
            device="mobile",
            as_json=False,
        ),
    ]
    # S11-S20 on 2 March (Parquet): a page_view and a scroll 10 s later;
    # devices in turn; S20 from a source no rule knows
    devices = ["desktop", "mobile", "tablet", "smart tv"]
    for k in range(1, 11):
        start = T0 + DAY + k * HOUR
        user = f"u{10 + k}"
        traffic = (
            {"manual_source": "partnerhub", "manual_medium": "partner"}
            if k == 10
            else {"manual_source": "google", "manual_medium": "organic"}
        )
        device = devices[k % 4]
        day2_parquet += [
            event(
                "page_view",
                start * 10**6,
                user,
                start,
                page=f"{SHOP}/",
                device=device,
                traffic=traffic,
                as_json=False,
            ),
            event("scroll", (start + 10) * 10**6, user, start, device=device, as_json=False),
        ]
    # 2 March, a .json part: u21 and u22 with the same ga_session_id (two
    # sessions); a consent-mode session (no user_pseudo_id) of two events;
    # a cookieless ping without ga_session_id; u23 without ga_session_id
    shared = T0 + DAY + 12 * HOUR
    consent = T0 + DAY + 13 * HOUR
    day2_json = [
        event("page_view", shared * 10**6, "u21", shared, page=f"{SHOP}/c/beauty?utm_source=x"),
        event("page_view", shared * 10**6, "u22", shared, page=SHOP),
        event("session_start", consent * 10**6, None, consent),
        event("page_view", consent * 10**6 + 1, None, consent, page=f"{SHOP}/"),
        event("page_view", (consent + 5) * 10**6, None, None, page=f"{SHOP}/"),
        event("page_view", (consent + 6) * 10**6, "u23", None, page=f"{SHOP}/"),
    ]
    intraday_start = T0 + 2 * DAY + HOUR
    intraday = [
        event("page_view", intraday_start * 10**6, "u24", intraday_start, page=f"{SHOP}/"),
        event("view_item", (intraday_start + 5) * 10**6, "u24", intraday_start, items=["P00104"]),
    ]
    return {
        "events_20250301.jsonl": day1,
        "part2/events_20250302.parquet": day2_parquet,
        "events_20250302-000000000001.json": day2_json,
        "events_intraday_20250303.jsonl": intraday,
        # S1's three events exported again
        "reexport/events_20250301.jsonl": day1[:3],
    }


def write_fixture(folder: Path) -> Path:
    """The fixture's files in `folder`: JSON lines as such; the Parquet file
    through DuckDB, which writes the nested records as Parquet structs and
    lists."""
    for name, rows in fixture_files().items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = "\n".join(json.dumps(row) for row in rows) + "\n"
        if path.suffix != ".parquet":
            path.write_text(lines)
            continue
        staged = folder / "staged.jsonl"
        staged.write_text(lines)
        duckdb.sql(
            f"copy (select * from read_json({sql_literal(staged)})) "
            f"to {sql_literal(path)} (format parquet)"
        )
        staged.unlink()
    return folder


def ga4_build(database: Path, variables: dict, extra: tuple[str, ...] = ()) -> DbtRun:
    """A build with the GA4 adapter configured by `variables`: the whole
    project unless `extra` narrows it."""
    return build_with_vars(database, variables, extra=extra)


@pytest.fixture(scope="module")
def landed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fixture(tmp_path_factory.mktemp("ga4_export"))


@pytest.fixture(scope="module")
def build(landed: Path, tmp_path_factory: pytest.TempPathFactory):
    """The GA4-only build: the adapter, no shop data."""
    database = tmp_path_factory.mktemp("ga4_build") / CI_DATABASE_NAME
    result = ga4_build(database, {"source_adapters": {"ga4_bigquery": {"path": str(landed)}}})
    return result, database


def test_the_ga4_only_build_is_green(build) -> None:
    result, _ = build
    failed = [r["unique_id"] for r in result.results if r["status"] in ("error", "fail")]
    assert result.success, failed or result.output[-3000:]


def test_every_landed_row_is_accounted_for(build) -> None:
    """62 landed events: 29 of the 1 March file, 22 of the Parquet part,
    6 of the .json part, 2 intraday, 3 re-exported. 23 sessions (S1-S22 and
    the consent-mode one), whose other 32 kept events are merged. 4 items: S10's view_item's two, S2's
    add_to_cart's and the intraday view_item's, none a product view in a
    build without products."""
    _, database = build
    assert query(
        database,
        "select landed_table, outcome, contract_table, reason, landed_rows "
        "from adapters.adapter_row_accounting where adapter = 'ga4_bigquery' order by all",
    ) == [
        (
            "event_items",
            "set_aside",
            "product_views",
            "an events_intraday_ file (the daily table replaces it)",
            1,
        ),
        ("event_items", "set_aside", "product_views", "no products in this build (GA4 only)", 2),
        ("event_items", "set_aside", "product_views", "not a view_item event", 1),
        ("events", "mapped", "sessions", None, 23),
        ("events", "merged", "sessions", None, 32),
        ("events", "set_aside", "sessions", "a duplicate event (exported twice)", 3),
        (
            "events",
            "set_aside",
            "sessions",
            "an events_intraday_ file (the daily table replaces it)",
            2,
        ),
        ("events", "set_aside", "sessions", "no ga_session_id", 1),
        (
            "events",
            "set_aside",
            "sessions",
            "no user_pseudo_id nor ga_session_id (consent mode)",
            1,
        ),
    ]


def test_unassigned_sessions_are_counted(build) -> None:
    """S20's partnerhub / partner matches no channel rule: GA4's
    Unassigned, channel referral, the one such session."""
    _, database = build
    assert query(
        database,
        "select session_id, channel from adapters.ga4_bigquery__sessions "
        "where ga4_channel_group = 'Unassigned'",
    ) == [(f"ga4:u20:{T0 + DAY + 10 * HOUR}", "referral")]


def test_every_file_format_and_part_is_read(build, landed: Path) -> None:
    """Rows per landed file: the JSONL, the Parquet part in a sub-folder,
    the .json part, the intraday file and the re-export."""
    _, database = build
    rows = query(
        database,
        "select landed_file, count(*) from adapters.ga4_bigquery__landed_events group by 1",
    )
    assert sorted((str(Path(f).relative_to(landed)), n) for f, n in rows) == [
        ("events_20250301.jsonl", 29),
        ("events_20250302-000000000001.json", 6),
        ("events_intraday_20250303.jsonl", 2),
        ("part2/events_20250302.parquet", 22),
        ("reexport/events_20250301.jsonl", 3),
    ]


def test_sessions_as_staged(build) -> None:
    """S10 crosses midnight and the daily files: one session from
    23:59:30.25 to 00:00:45.75, 75.5 s -> 75; one page_view; the
    add_to_cart one interaction (not the view_item); landing page without
    query string and fragment; direct. S1-S9: the channel of each
    canonical pair; S2 (gclid) of the Google Ads campaign, S5 of utm_id
    CA06. S21 and S22 share a ga_session_id: two sessions. S20: referral."""
    _, database = build
    staged = {
        row[0]: row[1:]
        for row in query(
            database,
            "select session_id, strftime(session_start_at, '%Y-%m-%d %H:%M:%S'), "
            "duration_seconds, pageviews, interactions, device_category, channel, "
            "campaign_id, landing_page, visitor_id, customer_id "
            "from staging.stg_web_analytics__sessions",
        )
    }
    assert len(staged) == 22
    s10 = f"ga4:u10:{T0 + DAY - 30}"
    assert staged[s10] == (
        "2025-03-01 23:59:30",
        75,
        1,
        1,
        "mobile",
        "direct",
        None,
        "/p/P00104",
        "ga4:u10",
        None,
    )
    channels = {
        f"ga4:u{i:02d}:{T0 + i * HOUR}": (channel, campaign)
        for i, (channel, campaign) in enumerate(
            [
                ("organic_search", None),
                ("paid_search", f"google_ads:{GOOGLE_ADS_CAMPAIGN}"),
                ("paid_social", None),
                ("organic_social", None),
                ("email", "CA06"),
                ("display", None),
                ("affiliate", None),
                ("referral", None),
                ("direct", None),
            ],
            start=1,
        )
    }
    assert {key: staged[key][5:7] for key in channels} == channels
    s2 = f"ga4:u02:{T0 + 2 * HOUR}"
    assert staged[s2][1:4] == (30, 1, 1)
    shared = T0 + DAY + 12 * HOUR
    assert staged[f"ga4:u21:{shared}"][7] == "/c/beauty"
    assert staged[f"ga4:u22:{shared}"][7] == "/"
    assert staged[f"ga4:u20:{T0 + DAY + 10 * HOUR}"][5] == "referral"
    # devices in turn from S11: mobile, tablet, smart tv -> desktop, desktop
    assert [staged[f"ga4:u{10 + k}:{T0 + DAY + k * HOUR}"][4] for k in range(1, 5)] == [
        "mobile",
        "tablet",
        "desktop",
        "desktop",
    ]


def test_the_consent_mode_session_is_quarantined_by_name(build) -> None:
    _, database = build
    consent = T0 + DAY + 13 * HOUR
    assert query(
        database,
        "select source_table, row_key, rule_broken from marts.dq_rejected_rows order by all",
    ) == [("sessions", f"ga4:(consent mode):{consent}", "user_pseudo_id: none (consent mode)")]


def test_a_loaders_table_with_json_text_maps_as_the_files(build, landed: Path, tmp_path) -> None:
    """The daily files as one table `events` of a schema, the nested columns
    as JSON text (as dlt lands them) and every INT64 as text: the adapter's
    models alone, run on a copy of the build, give the same sessions and
    accounting as the files (the intraday file and the re-export aside)."""
    _, database = build
    copy = copy_database(database, tmp_path)
    daily = [
        str(landed / "events_20250301.jsonl"),
        str(landed / "events_20250302-000000000001.json"),
    ]
    with duckdb.connect(str(copy)) as con:
        con.execute("create schema ga4_landed")
        con.execute(
            "create table ga4_landed.events as select * replace ("
            + ", ".join(
                f"cast(to_json({c}) as varchar) as {c}"
                for c in ("event_params", "device", "collected_traffic_source", "items")
            )
            + ") from (select * from read_json(?, union_by_name = true) "
            "union all by name select * from read_parquet("
            f"{sql_literal(landed / 'part2' / '*.parquet')}))",
            [daily],
        )
    variables = {"source_adapters": {"ga4_bigquery": {"schema": "ga4_landed"}}}
    result = run_dbt(
        [
            "run",
            *("--target", "ci", "--select", "path:models/adapters/ga4_bigquery"),
            *("--vars", json.dumps(variables)),
        ],
        env={"KPI_CI_DUCKDB_PATH": str(copy)},
        target_path=tmp_path / "target",
    )
    assert result.success, result.output[-3000:]
    sessions = "select * from adapters.ga4_bigquery__sessions"
    assert sorted(query(copy, sessions), key=repr) == sorted(query(database, sessions), key=repr)
    accounting = (
        "select landed_table, outcome, reason, landed_rows from adapters.ga4_bigquery__row_accounting"
        " where coalesce(reason, '') not in ("
        "'an events_intraday_ file (the daily table replaces it)', "
        "'a duplicate event (exported twice)') order by all"
    )
    assert query(copy, accounting) == query(database, accounting)


def test_the_unit_tests_channel_seed_is_the_seed() -> None:
    """The unit tests give seed ga4_channel_groups as it is: their copy is
    the seed's text."""
    tests = yaml.safe_load(
        (ROOT / "models/adapters/ga4_bigquery/_ga4_bigquery__unit_tests.yml").read_text()
    )["unit_tests"]
    seed = (ROOT / "seeds/reference/ga4_channel_groups.csv").read_text().strip()
    copies = [
        given["rows"].strip()
        for test in tests
        for given in test["given"]
        if given["input"] == "ref('ga4_channel_groups')"
    ]
    assert copies and all(copy == seed for copy in copies)


def test_adapter_vars_are_checked() -> None:
    """Both options in one compile each: an unknown platform is refused."""
    refused = refused_vars(
        {"source_adapters": {"ga4_bigquery": {"path": "/x", "customer_ids": "magento:user_id"}}},
        "ga4_bigquery__event_context",
    )
    assert "ga4_bigquery: option customer_ids must be empty (no customer link), user_id" in refused
    refused = refused_vars(
        {"source_adapters": {"ga4_bigquery": {"path": "/x", "product_ids": "sku"}}},
        "ga4_bigquery__item_context",
    )
    assert "ga4_bigquery: option product_ids must be item_id, or <platform>:item_id" in refused


# --- the demo in the GA4 shape (D85) -----------------------------------------


@pytest.fixture(scope="module")
def demo_tables() -> dict:
    return generate(Config())


@pytest.fixture(scope="module")
def demo_landed(demo_tables: dict, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo in the GA4 shape alone (`generate --shape ga4_bigquery`), for
    reading the files back without dbt (below)."""
    folder = tmp_path_factory.mktemp("ga4_demo")
    write_shape("ga4_bigquery", demo_tables, folder)
    return folder


def test_the_order_link_option_is_checked() -> None:
    """transaction_ids: order_id or order_name, and order_name only with a
    shop adapter whose orders carry names (compile only)."""
    refused = refused_vars(
        {"source_adapters": {"ga4_bigquery": {"path": "/x", "transaction_ids": "number"}}},
        "ga4_bigquery__order_sessions",
    )
    assert "option transaction_ids must be order_id or order_name; got: number" in refused
    refused = refused_vars(
        {"source_adapters": {"ga4_bigquery": {"path": "/x", "transaction_ids": "order_name"}}},
        "ga4_bigquery__order_sessions",
    )
    assert "transaction_ids: order_name needs a shop adapter" in refused


# --- the demo's GA4 shape, read back without the adapter (D85) ----------------
# The files of `demo_landed` read with plain DuckDB SQL of their own (not the
# adapter's models) and sessionised by the interface's rules: key
# user_pseudo_id + ga_session_id, start = first event floored to the second,
# duration = (last - first microseconds) floored, page_view and add_to_cart
# counted, landing page = path of the first page_view, traffic from the first
# event with collected_traffic_source. That gives back the demo's sessions and
# product views exactly, but for the awkward rows the shape plants on purpose.

CHANNELS = {pair: channel for channel, pair in ga4_bigquery.TRAFFIC.items()}


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
def shape_con(demo_landed: Path):
    connection = duckdb.connect()
    connection.execute(f"create table raw_events as {_events_sql(demo_landed / 'ga4_bigquery')}")
    # an event exported twice is one event
    connection.execute(
        "create table events as select distinct * exclude (filename) from raw_events"
    )
    yield connection
    connection.close()


def _demo_sessions(demo_tables) -> list[tuple]:
    sessions = demo_tables["sessions"]
    keys = ga4_bigquery.session_ids(demo_tables)
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


def _sessionised(shape_con) -> list[tuple]:
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
    ) in shape_con.execute(SESSIONISED).fetchall():
        channel = "direct" if direct else CHANNELS.get((source, medium), f"{source}/{medium}")
        rows.append((key, start, duration, views, interactions, device, channel, path))
    return sorted(rows)


def test_sessionised_events_give_back_the_demo_sessions(demo_tables, shape_con) -> None:
    """Every demo session, exactly, but the two whose device or source the
    shape changed on purpose (a smart tv, an unknown source)."""
    keys = ga4_bigquery.session_ids(demo_tables)
    sessions = demo_tables["sessions"].reset_index(drop=True)
    by_rn = dict(zip(range(len(sessions)), sorted(sessions["session_id"]), strict=True))
    changed = ga4_bigquery.awkward_sessions(ga4_bigquery._session_keys(demo_tables))
    smart_tv, unknown = keys[by_rn[changed["smart_tv"]]], keys[by_rn[changed["unknown_source"]]]
    demo = {row[0]: row for row in _demo_sessions(demo_tables)}
    landed = {row[0]: row for row in _sessionised(shape_con)}
    assert landed.keys() == demo.keys()
    differ = {key for key in demo if demo[key] != landed[key]}
    assert differ == {smart_tv, unknown}
    assert landed[smart_tv][5] == "smart tv" and demo[smart_tv][5] == "desktop"
    assert landed[unknown][6] == "partner-portal.example.net/partnership"
    assert demo[unknown][6] == "referral"


def test_product_views_are_view_item_events(demo_tables, shape_con) -> None:
    """One view_item per demo product view, its second and product."""
    keys = ga4_bigquery.session_ids(demo_tables)
    views = demo_tables["product_views"]
    demo = sorted(
        zip(views["session_id"].map(keys), views["product_id"], views["viewed_at"], strict=True)
    )
    landed = shape_con.execute(
        "select 'ga4:' || user_pseudo_id || ':' || ga_session_id, item_ids[1],"
        " strftime(make_timestamp(ts // 1000000 * 1000000), '%Y-%m-%d %H:%M:%S')"
        " from events where event_name = 'view_item'"
    ).fetchall()
    assert sorted(landed) == demo


def test_purchases_carry_the_order_ids_of_their_sessions(demo_tables, shape_con) -> None:
    """A purchase per webshop order of a known session, in that session;
    plus the re-sent one (a later session of the same visitor), the one of
    no order, and the consent-mode one of an order without a session."""
    keys = ga4_bigquery.session_ids(demo_tables)
    orders = demo_tables["orders"]
    linked = orders[orders["session_id"].isin(keys.keys())]
    demo = sorted(zip(linked["order_id"], linked["session_id"].map(keys), strict=True))
    landed = shape_con.execute(
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


def test_the_awkward_rows_are_there(shape_con) -> None:
    raw = shape_con.execute(
        "select count(*) - (select count(*) from events) from raw_events"
    ).fetchone()
    assert raw == (1,), "one event exported twice"
    consent = shape_con.execute(
        "select count(*), count(distinct ga_session_id), count(transaction_id)"
        " from events where user_pseudo_id is null"
    ).fetchone()
    assert consent == (6, 2, 1)
    one_event = shape_con.execute(
        "select count(*) from (select user_pseudo_id, ga_session_id from events"
        " where user_pseudo_id is not null group by all having count(*) = 1)"
    ).fetchone()
    assert one_event == (1,)
    crossing = shape_con.execute(
        "select count(*) from (select user_pseudo_id, ga_session_id from events"
        " where user_pseudo_id is not null group by all having count(distinct event_date) > 1)"
    ).fetchone()[0]
    assert crossing > 0, "sessions that cross local midnight, in two daily files"
    shared = shape_con.execute(
        "select count(*) from (select ga_session_id from events where user_pseudo_id is not null"
        " group by 1 having count(distinct user_pseudo_id) > 1)"
    ).fetchone()[0]
    assert shared > 0, "a ga_session_id shared by two visitors"


def test_the_files_are_daily_in_three_formats_and_a_part_folder(demo_landed: Path) -> None:
    folder = demo_landed / "ga4_bigquery"
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


def test_the_shape_is_deterministic(tmp_path: Path) -> None:
    """Written twice: every file byte for byte the same (of a demo at 5 %
    of the size: the code's determinism, not the data's, is the point)."""
    for run in ("first", "second"):
        write_shape("ga4_bigquery", generate(Config(scale=0.05)), tmp_path / run)
    tmp_path, demo_landed = (
        tmp_path / "first" / "ga4_bigquery",
        tmp_path / "second" / "ga4_bigquery",
    )

    def digests(root: Path) -> dict[str, str]:
        return {
            p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*")
            if p.is_file()
        }

    assert digests(tmp_path) == digests(demo_landed)


def test_the_raw_orders_have_no_session(demo_landed: Path) -> None:
    """The shop's orders come without GA4 sessions: the order link adds them."""
    assert duckdb.sql(
        f"select count(session_id) from read_csv('{demo_landed}/raw/orders.csv', all_varchar = true)"
    ).fetchone() == (0,)
    assert not (demo_landed / "raw" / "sessions.csv").exists()
    assert not (demo_landed / "raw" / "product_views.csv").exists()
