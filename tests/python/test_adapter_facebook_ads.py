"""The Facebook Ads adapter (D81): the demo's Meta campaigns as Fivetran lands them, in; the KPIs, out.

One build reads the demo shop with its Meta campaigns written in the Fivetran
Facebook Ads shape (`ecommerce-kpis generate --shape facebook_ads_fivetran`:
basic_ad split over two or three ads per campaign, overlapping purchase
actions, history tables, bad rows) and every other raw table, the other
platforms' campaigns included, as files for var raw_data_path. It builds
what the assertions need: the marts that read campaigns, ad rows or a
session's campaign, the quarantine and the accounting. The other marts read
no row the adapter writes. docs/adapters/facebook_ads_fivetran.md has the
same list.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pytest
from conftest import CI_DATABASE_NAME, build_with_vars, kpi_marts, query, refused_vars

from ecommerce_kpis.demo.generate import Config, generate
from ecommerce_kpis.demo.shapes import SHAPES, write_shape

pytestmark = pytest.mark.slow

ADAPTER = "facebook_ads_fivetran"
SHAPE = SHAPES[ADAPTER]
# the marts that read campaigns, ad_performance or a session's campaign:
# equal to the contract-shaped build's, Meta's ids mapped back to the demo's
EQUAL = (
    "kpi_reach_impressions",
    "kpi_click_through_rate",
    "kpi_cost_per_conversion",
    "kpi_cost_per_acquisition",
    "kpi_email_engagement",
)
SELECT = ("+" + " +".join(EQUAL), "+dq_rejected_rows", "+adapter_row_accounting")


@pytest.fixture(scope="module")
def demo() -> dict:
    return generate(Config())


@pytest.fixture(scope="module")
def landed(demo: dict, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo shop with its Meta campaigns in the Fivetran shape (CSV)."""
    folder = tmp_path_factory.mktemp(ADAPTER)
    write_shape(ADAPTER, demo, folder)
    return folder


@pytest.fixture(scope="module")
def build(landed: Path, tmp_path_factory: pytest.TempPathFactory):
    database = tmp_path_factory.mktemp("facebook_ads_build") / CI_DATABASE_NAME
    variables = {
        "source_adapters": {ADAPTER: {"path": str(landed / ADAPTER)}},
        "raw_data_path": str(landed / "raw"),
    }
    started = time.monotonic()
    result = build_with_vars(
        database, variables, extra=("--select", *SELECT, "--indirect-selection", "cautious")
    )
    print(f"facebook_ads_fivetran build: {time.monotonic() - started:.0f} s")
    return result, database


def _landed_rows(landed: Path, table: str) -> list[dict]:
    path = landed / ADAPTER / f"{table}.csv"
    frame = duckdb.sql(f"select * from read_csv('{path}', all_varchar = true)").df()
    return frame.to_dict("records")


def _demo_ids(demo: dict, rows: list[tuple]) -> list[tuple]:
    """Rows with `meta_ads:<Meta's id>` put back as the demo's campaign id."""
    back = {
        f"{SHAPE.PLATFORM}:{meta}": own for own, meta in SHAPE.source_ids(demo)["campaigns"].items()
    }
    return sorted((tuple(back.get(v, v) for v in row) for row in rows), key=repr)


def test_the_landed_ads_build_green(build) -> None:
    result, _ = build
    failed = [r["unique_id"] for r in result.results if r["status"] in ("error", "fail")]
    assert result.success, failed or result.output[-3000:]


def test_round_trip_gives_the_demo_marts(build, demo: dict, seed_marts) -> None:
    """The marts that read ad rows are the contract-shaped build's, row for
    row, Meta's campaigns (platform meta) included."""
    _, database = build
    landed_marts = kpi_marts(database)
    assert set(landed_marts) == set(EQUAL)
    for mart in EQUAL:
        assert _demo_ids(demo, landed_marts[mart]) == _demo_ids(demo, seed_marts[mart]), mart
    meta_days = query(
        database,
        "select count(*) from marts.kpi_reach_impressions where campaign_id like 'meta_ads:%'",
    )
    assert meta_days[0][0] > 1000  # the demo's Meta campaign days, not an empty match


def test_every_landed_row_is_accounted_for(build, landed: Path) -> None:
    _, database = build
    accounted = dict(
        query(
            database,
            "select landed_table, sum(landed_rows) from adapters.adapter_row_accounting "
            f"where adapter = '{ADAPTER}' group by 1",
        )
    )
    expected = {
        path.stem: len(_landed_rows(landed, path.stem)) for path in (landed / ADAPTER).glob("*.csv")
    }
    assert accounted == expected


def test_set_aside_rows_are_counted_with_their_reason(build, landed: Path) -> None:
    """The older versions (one each: the EUR account, the moved ad, the
    campaign whose objective changed) and every action of another type than
    the pixel purchases."""
    _, database = build
    actions = _landed_rows(landed, "basic_ad_actions")
    other_types = sum(a["action_type"] != "offsite_conversion.fb_pixel_purchase" for a in actions)
    assert other_types > len(actions) / 2  # purchase, omni_purchase and link clicks
    overlap = (
        "not the purchase action type offsite_conversion.fb_pixel_purchase (action types overlap)"
    )
    assert query(
        database,
        "select landed_table, reason, landed_rows from adapters.adapter_row_accounting "
        "where outcome = 'set_aside' order by 1, 2",
    ) == [
        ("account_history", "an older version of the account", 1),
        ("ad_history", "an older version of the ad", 1),
        ("basic_ad_actions", overlap, other_types),
        ("campaign_history", "an older version of the campaign", 1),
    ]


def test_landed_bad_rows_are_quarantined_by_name(build) -> None:
    _, database = build
    rejected = query(
        database,
        "select source_table, row_key, rule_broken from marts.dq_rejected_rows order by 1, 2",
    )
    assert rejected == [
        (
            "ad_performance",
            "2025-01-01|meta_ads:2385000000000901",
            "campaign_id: campaigns row quarantined (objective: not an allowed value)",
        ),
        ("ad_performance", "2025-01-01|meta_ads:2385000000000902", "cost: negative"),
        ("ad_performance", "2025-01-01|∅", "ad_history: no landed version of ad 23851000000999"),
        (
            "ad_performance",
            "2025-02-01|meta_ads:2385000000000903",
            "fx_rates: no rate for USD on 2025-02-01",
        ),
        ("campaigns", "meta_ads:2385000000000901", "objective: not an allowed value"),
    ]


def test_the_campaigns_take_their_latest_version(build) -> None:
    """The second campaign was CONVERSIONS (2024) and is OUTCOME_SALES now:
    conversion either way; the first is OUTCOME_TRAFFIC (consideration), the
    third legacy REACH (awareness); all Meta campaigns are paid social."""
    _, database = build
    assert query(
        database,
        "select campaign_id, campaign_name, platform, channel, objective "
        "from staging.stg_marketing__campaigns where campaign_id like 'meta_ads:%' order by 1",
    ) == [
        (
            "meta_ads:2385000000000001",
            "Prospecting lookalikes",
            "meta",
            "paid_social",
            "consideration",
        ),
        (
            "meta_ads:2385000000000002",
            "Retargeting cart abandoners",
            "meta",
            "paid_social",
            "conversion",
        ),
        ("meta_ads:2385000000000003", "Black Friday awareness", "meta", "paid_social", "awareness"),
        ("meta_ads:2385000000000902", "Spend correction", "meta", "paid_social", "conversion"),
        ("meta_ads:2385000000000903", "US launch", "meta", "paid_social", "conversion"),
    ]


def test_an_account_in_another_time_zone_is_named_in_a_warning(build) -> None:
    result, _ = build
    assert (
        "facebook_ads_fivetran: ad account 1020304050607099 reports its days in time zone "
        "America/New_York, not in var reporting_timezone Europe/Amsterdam" in result.output
    )
    assert "ad account 1020304050607080 reports" not in result.output


def test_adapter_vars_are_checked() -> None:
    variables = {"source_adapters": {ADAPTER: {"path": "/x", "conversion_type": "purchase"}}}
    message = refused_vars(variables, "base_marketing__ad_performance")
    assert f"{ADAPTER}: unknown option conversion_type" in message
