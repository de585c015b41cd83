"""The Facebook Ads adapter (D81): the demo's Meta campaigns as Fivetran lands them, in; the KPIs, out.

The README's stack (conftest's `landed_stack` and `stack_build`, one build
shared with the other adapters' modules) holds the demo's Meta campaigns in
the Fivetran Facebook Ads shape (basic_ad split over two or three ads per
campaign, overlapping purchase actions, history tables, bad rows). Its
marts that read campaigns or ad rows are compared with the build of the
demo in the contract's shape, Meta's rows and ids mapped back.
docs/adapters/facebook_ads_fivetran.md has the same list.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import demo_ids, normalised, query, refused_vars

from ecommerce_kpis.demo.generate import Config, generate
from ecommerce_kpis.demo.shapes import SHAPES

pytestmark = pytest.mark.slow

ADAPTER = "facebook_ads_fivetran"
SHAPE = SHAPES[ADAPTER]
# the marts that read campaigns or ad_performance: equal to the
# contract-shaped build's, Meta's ids mapped back to the demo's (the
# conversions are the stack's Shopify orders, linked to their GA4 sessions);
# of the reach, Meta's rows (Google Ads has none: test_adapter_google_ads)
EQUAL = {
    "kpi_click_through_rate": "select * from marts.kpi_click_through_rate",
    "kpi_reach_impressions": "select * from marts.kpi_reach_impressions where platform = 'meta'",
    "kpi_cost_per_conversion": "select * from marts.kpi_cost_per_conversion",
    "kpi_cost_per_acquisition": "select * from marts.kpi_cost_per_acquisition",
}


@pytest.fixture(scope="module")
def demo() -> dict:
    return generate(Config())


def _landed_rows(landed: Path, table: str) -> list[dict]:
    path = landed / ADAPTER / f"{table}.csv"
    frame = duckdb.sql(f"select * from read_csv('{path}', all_varchar = true)").df()
    return frame.to_dict("records")


def test_the_landed_ads_build_green(stack_build) -> None:
    result, _ = stack_build
    failed = [r["unique_id"] for r in result.results if r["status"] in ("error", "fail")]
    assert result.success, failed or result.output[-3000:]


def test_round_trip_gives_the_demo_marts(stack_build, ci_database: Path) -> None:
    """The marts that read ad rows are the contract-shaped build's, row for
    row, Meta's campaigns (platform meta) included."""
    _, database = stack_build
    for mart, sql in EQUAL.items():
        landed_rows = demo_ids(normalised(query(database, sql)))
        assert landed_rows == demo_ids(normalised(query(ci_database, sql))), mart
    meta_days = query(
        database,
        "select count(*) from marts.kpi_reach_impressions where campaign_id like 'meta_ads:%'",
    )
    assert meta_days[0][0] > 1000  # the demo's Meta campaign days, not an empty match


def test_every_landed_row_is_accounted_for(stack_build, landed_stack: Path) -> None:
    _, database = stack_build
    accounted = dict(
        query(
            database,
            "select landed_table, sum(landed_rows) from adapters.adapter_row_accounting "
            f"where adapter = '{ADAPTER}' group by 1",
        )
    )
    expected = {
        path.stem: len(_landed_rows(landed_stack, path.stem))
        for path in (landed_stack / ADAPTER).glob("*.csv")
    }
    assert accounted == expected


def test_set_aside_rows_are_counted_with_their_reason(stack_build, landed_stack: Path) -> None:
    """The older versions (one each: the EUR account, the moved ad, the
    campaign whose objective changed) and every action of another type than
    the pixel purchases."""
    _, database = stack_build
    actions = _landed_rows(landed_stack, "basic_ad_actions")
    other_types = sum(a["action_type"] != "offsite_conversion.fb_pixel_purchase" for a in actions)
    assert other_types > len(actions) / 2  # purchase, omni_purchase and link clicks
    overlap = (
        "not the purchase action type offsite_conversion.fb_pixel_purchase (action types overlap)"
    )
    assert query(
        database,
        "select landed_table, reason, landed_rows from adapters.adapter_row_accounting "
        f"where outcome = 'set_aside' and adapter = '{ADAPTER}' order by 1, 2",
    ) == [
        ("account_history", "an older version of the account", 1),
        ("ad_history", "an older version of the ad", 1),
        ("basic_ad_actions", overlap, other_types),
        ("campaign_history", "an older version of the campaign", 1),
    ]


def test_landed_bad_rows_are_quarantined_by_name(stack_build) -> None:
    _, database = stack_build
    rejected = query(
        database,
        # the stack's other adapters' bad rows are theirs to check; the ad
        # of no landed version has no campaign id
        "select source_table, row_key, rule_broken from marts.dq_rejected_rows "
        "where raw_row like '%meta_ads:%' or rule_broken like 'ad_history:%' order by 1, 2",
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
            "2025-01-20|meta_ads:2385000000000903",
            "fx_rates: no rate for USD on 2025-01-20",
        ),
        ("campaigns", "meta_ads:2385000000000901", "objective: not an allowed value"),
    ]


def test_the_campaigns_take_their_latest_version(stack_build) -> None:
    """The second campaign was CONVERSIONS (2024) and is OUTCOME_SALES now:
    conversion either way; the first is OUTCOME_TRAFFIC (consideration), the
    third legacy REACH (awareness); all Meta campaigns are paid social."""
    _, database = stack_build
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


def test_an_account_in_another_time_zone_is_named_in_a_warning(stack_build) -> None:
    result, _ = stack_build
    assert (
        "facebook_ads_fivetran: ad account 1020304050607099 reports its days in time zone "
        "America/New_York, not in var reporting_timezone Europe/Amsterdam" in result.output
    )
    assert "ad account 1020304050607080 reports" not in result.output


def test_adapter_vars_are_checked() -> None:
    variables = {"source_adapters": {ADAPTER: {"path": "/x", "conversion_type": "purchase"}}}
    message = refused_vars(variables, "base_marketing__ad_performance")
    assert f"{ADAPTER}: unknown option conversion_type" in message
