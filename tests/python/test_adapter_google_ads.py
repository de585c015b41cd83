"""The Google Ads adapter (D80): the demo's Google Ads campaigns as Fivetran lands them.

The README's stack (conftest's `landed_stack` and `stack_build`, one build
shared with the other adapters' modules) holds the demo's Google Ads
campaigns in the Fivetran shape (campaign_stats in device segments,
campaign_history, account_history, a USD account in New York time, the
awkward and bad rows of the shape). It is compared with the build of the
demo in the contract's shape: the round trip. docs/adapters/google_ads_fivetran.md has the same table.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
import yaml
from conftest import (
    ROOT,
    demo_ids,
    kpi_marts,
    normalised,
    query,
    refused_vars,
)

from ecommerce_kpis import powerbi
from ecommerce_kpis.demo.shapes.google_ads_fivetran import USD_CAMPAIGNS, campaign_id

pytestmark = pytest.mark.slow

# marts the adapter feeds whole: the contract-shaped build's, ids mapped back
# (the conversions are the stack's Shopify orders, linked to their GA4
# sessions, whose Google Ads clicks name the adapter's campaign ids)
EQUAL = ("kpi_click_through_rate", "kpi_cost_per_conversion")


def test_the_landed_ads_build_green_and_warn_of_the_new_york_account(stack_build) -> None:
    result, _ = stack_build
    failed = [r["unique_id"] for r in result.results if r["status"] in ("error", "fail")]
    assert result.success, failed or result.output[-3000:]
    assert (
        "google_ads_fivetran: ad account 9876543210 reports its days in time zone "
        "America/New_York, not in var reporting_timezone Europe/Amsterdam"
    ) in result.output
    # the account in the reporting time zone is not named
    assert "ad account 1234567890" not in result.output


def test_round_trip_gives_the_demo_marts(stack_build, seed_marts) -> None:
    """Segments summed, micros and USD converted back: the demo's marts, row
    for row."""
    _, database = stack_build
    landed_marts = kpi_marts(database)
    for mart in EQUAL:
        assert demo_ids(landed_marts[mart]) == demo_ids(seed_marts[mart]), mart


def test_reach_is_null_for_google_ads_rows_only(stack_build, seed_marts) -> None:
    """kpi_reach_impressions: Google Ads rows keep their impressions with NULL
    reach and frequency (never 0); CA09, a DISPLAY campaign, is
    `consideration` (the demo says conversion); other platforms' rows are
    the demo's."""
    _, database = stack_build
    columns = "date_day, campaign_id, impressions, reach, frequency, campaign_name, platform, channel, objective"
    landed_rows = demo_ids(
        normalised(query(database, f"select {columns} from marts.kpi_reach_impressions"))
    )
    demo_rows = demo_ids(seed_marts["kpi_reach_impressions"])
    google = [r for r in landed_rows if r[6] == "google_ads"]
    assert google and all(r[3] is None and r[4] is None for r in google)

    def blind(row: tuple) -> tuple:
        if row[6] != "google_ads":
            return row
        objective = "conversion" if row[1] == "CA09" else row[8]
        return (*row[:3], None, None, *row[5:8], objective)

    assert {r[8] for r in google if r[1] == "CA09"} == {"consideration"}
    assert sorted(map(blind, landed_rows), key=repr) == sorted(map(blind, demo_rows), key=repr)


def test_every_landed_row_is_accounted_for(stack_build, landed_stack: Path) -> None:
    """Per landed table: the accounting's rows = the rows in the loader's file;
    campaign_stats: one mapped row per campaign day (each demo day and the
    four bad days), the other device segments merged, one set aside."""
    _, database = stack_build
    accounted = query(
        database,
        "select landed_table, outcome, reason, landed_rows from adapters.adapter_row_accounting "
        "where adapter = 'google_ads_fivetran' order by 1, 2",
    )
    files = {
        path.stem: duckdb.sql(f"select count(*) from read_csv('{path}')").fetchone()[0]
        for path in (landed_stack / "google_ads_fivetran").glob("*.csv")
    }
    totals: dict[str, int] = {}
    for table, _, _, rows in accounted:
        totals[table] = totals.get(table, 0) + rows
    assert totals == files
    demo_days = 546 + 546 + 515 + 546 + 15  # CA01, CA02, CA03, CA09, CA11
    assert accounted == [
        ("account_history", "merged", None, 2),
        ("account_history", "set_aside", "an older version of the account", 1),
        ("campaign_history", "mapped", None, 6),
        ("campaign_history", "set_aside", "an older version of the campaign", 1),
        ("campaign_stats", "mapped", None, demo_days + 4),
        ("campaign_stats", "merged", None, demo_days),
        ("campaign_stats", "set_aside", "a repeated _fivetran_id (an older sync of the row)", 1),
    ]


def test_landed_bad_rows_are_quarantined_by_name(stack_build) -> None:
    _, database = stack_build
    unknown = "advertising_channel_type: no session channel for MULTI_CHANNEL"
    # the stack's other adapters' bad rows are theirs to check
    assert query(
        database,
        "select source_table, row_key, rule_broken from marts.dq_rejected_rows "
        "where raw_row like '%google_ads:%' order by 1, 2",
    ) == [
        ("ad_performance", "2024-12-31|google_ads:21000000002", "cost: negative"),
        (
            "ad_performance",
            "2025-01-15|google_ads:21000000003",
            "fx_rates: no rate for USD on 2025-01-15",
        ),
        (
            "ad_performance",
            "2025-03-01|google_ads:21000000090",
            f"campaign_id: campaigns row quarantined ({unknown})",
        ),
        (
            "ad_performance",
            "2025-03-01|google_ads:21000000091",
            "campaign_id: not found in campaigns",
        ),
        ("campaigns", "google_ads:21000000090", unknown),
    ]


def test_a_usd_day_is_its_micros_at_the_days_rate(stack_build, landed_stack: Path) -> None:
    """CA03 (the USD account) on its first day: the segments' micros / 10^6
    x 0.80, to the cent, worked out here from the landed file."""
    _, database = stack_build
    (source,) = (campaign_id(c) for c in USD_CAMPAIGNS)
    path = landed_stack / "google_ads_fivetran" / "campaign_stats.csv"
    micros = duckdb.sql(
        f"select date, cost_micros from read_csv('{path}', all_varchar = true) "
        f"where id = '{source}' and date = '2025-02-01'"
    ).fetchall()
    assert len(micros) == 2
    expected = (sum(Decimal(m) for _, m in micros) / 1_000_000 * Decimal("0.8")).quantize(
        Decimal("0.01")
    )
    assert query(
        database,
        "select ad_cost, reach from staging.stg_marketing__ad_performance "
        f"where campaign_id = 'google_ads:{source}' and report_date = '2025-02-01'",
    ) == [(expected, None)]


def test_adapter_vars_are_checked() -> None:
    variables = {"source_adapters": {"google_ads_fivetran": {"path": "/x", "currency": "USD"}}}
    assert "google_ads_fivetran: unknown option currency" in refused_vars(
        variables, "base_marketing__campaigns"
    )


# ad frequency re-aggregated (D80): a day with one row with reach and one without
ROWS = "(values (300, 100), (500, null)) as days(impressions, reach)"


def test_ad_frequency_sums_only_the_impressions_of_rows_with_reach() -> None:
    """The metric's measures over two rows: 300 impressions / 100 reached, and
    500 impressions without reach: frequency 3, not (300 + 500) / 100 = 8."""
    models = yaml.safe_load((ROOT / "models/semantic/_semantic_models.yml").read_text())
    metrics = yaml.safe_load((ROOT / "models/semantic/_metrics.yml").read_text())
    metric = next(m for m in metrics["metrics"] if m["name"] == "ad_frequency")
    simple = {
        m["name"]: m["type_params"]["measure"]["name"]
        for m in metrics["metrics"]
        if m["type"] == "simple"
    }
    measures = {
        m["name"]: m["expr"] for model in models["semantic_models"] for m in model["measures"]
    }
    numerator = measures[simple[metric["type_params"]["numerator"]]]
    denominator = measures[simple[metric["type_params"]["denominator"]]]
    frequency = duckdb.sql(f"select sum({numerator}) / sum({denominator}) from {ROWS}").fetchone()[
        0
    ]
    assert frequency == 3


def test_the_power_bi_ad_frequency_counts_rows_with_reach_only() -> None:
    """The DAX measure: impressions summed over the rows whose reach is not
    blank (the same two rows give 3: CALCULATE with that filter sums 300),
    as the generator writes it from the mart's meta and as committed."""
    expected = (
        "DIVIDE(CALCULATE(SUM(kpi_reach_impressions[impressions]), "
        "NOT ISBLANK(kpi_reach_impressions[reach])), SUM(kpi_reach_impressions[reach]))"
    )
    marts = yaml.safe_load((ROOT / "models/marts/marketing/_marketing__models.yml").read_text())
    mart = next(m for m in marts["models"] if m["name"] == "kpi_reach_impressions")
    column = next(c for c in mart["columns"] if c["name"] == "frequency")
    measure = powerbi._measure(
        "kpi_reach_impressions",
        "frequency",
        column["config"]["meta"],
        {
            ("kpi_reach_impressions", "frequency"): {
                "numerator": "impressions",
                "denominator": "reach",
            }
        },
        {c["name"] for c in mart["columns"]},
        "Marketing",
        {},
    )
    assert measure.expression == expected
    tmdl = (
        ROOT / "powerbi/EcommerceKPIs.SemanticModel/definition/tables/kpi_reach_impressions.tmdl"
    ).read_text()
    assert f"measure 'Ad frequency' = {expected}" in tmdl
