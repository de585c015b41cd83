"""Broken and missing feeds: a feed over the quarantine limit stops the marts
that need it, with a clear message; absent and empty sources and a shop
without stores build; nothing crashes.

File-level cases each need their own build of the exports
(export_builds); those whose checks concern one part of the graph build that
part only (--select). The reference for "the same marts" is the session's
build from the embedded seeds (conftest: ci_build), the same demo data.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CI_DATABASE_NAME
from export_builds import CAUTIOUS, Build, read_rows, write_exports, write_rows

from ecommerce_kpis.schema import columns

# dbt builds of its own (make check leaves the module out)
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("broken_feeds")


# ------------------------------------------------------------------ a mostly broken feed


@pytest.fixture(scope="module")
def garbage_build(workdir: Path) -> Build:
    folder = write_exports(workdir / "garbage")
    orders = read_rows(folder, "orders")
    for i, row in enumerate(orders):
        if i % 10 == 0:
            row["ordered_at"] = "31/12/2025 noon"
    write_rows(folder, "orders", orders, columns("orders"))
    # a required column missing from the export
    sessions = read_rows(folder, "sessions")
    write_rows(
        folder, "sessions", sessions, [c for c in columns("sessions") if c != "landing_page"]
    )
    # a byte that is not UTF-8 (the file is windows-1252, undeclared)
    nps = (folder / "nps_responses.csv").read_bytes().replace(b"periodic", b"p\xe9riodic", 1)
    (folder / "nps_responses.csv").write_bytes(nps)
    # decimal commas, undeclared: bad amounts, never read as 1250
    returns = read_rows(folder, "returns")
    for row in returns:
        row["refund_amount"] = row["refund_amount"].replace(".", ",")
    write_rows(folder, "returns", returns, columns("returns"))
    # a Parquet export that is no Parquet file (a download cut off)
    (folder / "store_traffic.csv").unlink()
    (folder / "store_traffic.parquet").write_bytes(b"PAR1" + b"cut off" * 10)
    return Build(folder, workdir / "garbage_build" / CI_DATABASE_NAME)


def test_garbage_feed_stops_the_build_with_a_clear_message(garbage_build: Build) -> None:
    assert not garbage_build.result.success
    message = garbage_build.messages
    assert "Quarantine limit exceeded for raw table 'orders'" in message
    assert "ordered_at: not a valid timestamp" in message
    assert "e.g. O" in message
    assert "Quarantine limit exceeded for raw table 'sessions'" in message
    assert "file: missing column landing_page" in message


def test_an_undecodable_export_is_one_quarantined_row_naming_byte_and_setting(
    garbage_build: Build,
) -> None:
    offset = (garbage_build.folder / "nps_responses.csv").read_bytes().index(b"\xe9")
    rule = (
        f"file: cannot be read: nps_responses.csv is not utf-8 at byte {offset} (0xE9);"
        " set encoding: windows-1252 or latin-1 for nps_responses in _format.yml"
    )
    assert garbage_build.query(
        "select rule_broken from marts.dq_rejected_rows where source_table = 'nps_responses'"
    ) == [(rule,)]
    assert "Quarantine limit exceeded for raw table 'nps_responses'" in garbage_build.messages


def test_an_unreadable_parquet_export_is_one_quarantined_row(garbage_build: Build) -> None:
    rules = garbage_build.query(
        "select rule_broken from marts.dq_rejected_rows where source_table = 'store_traffic'"
    )
    assert len(rules) == 1
    assert rules[0][0].startswith(
        "file: cannot be read: store_traffic.parquet is not a Parquet file DuckDB can open ("
    )
    assert "Quarantine limit exceeded for raw table 'store_traffic'" in garbage_build.messages


def test_undeclared_decimal_commas_are_quarantined_not_misread(garbage_build: Build) -> None:
    returns = read_rows(garbage_build.folder, "returns")
    assert garbage_build.query(
        "select rule_broken, count(*) from marts.dq_rejected_rows"
        " where source_table = 'returns' group by 1"
    ) == [("refund_amount: not a valid amount", len(returns))]
    assert garbage_build.query("select count(*) from staging.stg_returns__returns") == [(0,)]


def test_garbage_feed_never_reaches_the_marts(garbage_build: Build) -> None:
    assert garbage_build.status("kpi_conversion_rate") == "skipped"
    assert garbage_build.status("kpi_average_order_value") == "skipped"
    assert garbage_build.status("int_orders_enriched") == "skipped"
    # marts fed only by sound feeds (ads, surveys) and the KPI catalogue (a
    # var) still build; none of the marts that read orders or sessions does
    built = {
        r[0]
        for r in garbage_build.query(
            "select table_name from information_schema.tables where table_schema = 'marts'"
            " and table_name like 'kpi_%'"
        )
    }
    assert built <= {
        "kpi_email_engagement",
        "kpi_reach_impressions",
        "kpi_click_through_rate",
        "kpi_net_promoter_score",
        "kpi_catalogue",
    }


def test_threshold_is_configurable(workdir: Path, garbage_build: Build) -> None:
    folder = workdir / "garbage"  # the exports of the garbage build
    assert folder.exists()
    # the quarantine and a mart of the broken feeds: the part the limit guards
    build = Build(
        folder,
        workdir / "garbage_lenient_build" / CI_DATABASE_NAME,
        {"dq_max_rejected_share": 1},
        nodes=("--select", "+dq_table_summary +kpi_conversion_rate", *CAUTIOUS),
    )
    assert build.result.success, build.messages
    rejected = dict(build.query("select source_table, rejected_rows from marts.dq_table_summary"))
    assert rejected["sessions"] == 120_000
    assert build.query("select count(*) from marts.kpi_conversion_rate") == [(0,)]


# ------------------------------------------------------------------ absent and empty sources

UNAFFECTED_BY_ABSENT = {
    "kpi_conversion_rate",
    "kpi_bounce_rate",
    "kpi_avg_session_duration",
    "kpi_average_order_value",
    "kpi_cross_sell_ratio",
    "kpi_upsell_ratio",
    "kpi_discount_margin_impact",
    "kpi_return_rate",
    "kpi_return_cycle_time",
    "kpi_fulfilment_error_rate",
    "kpi_fulfilment_cost_per_order",
    "kpi_first_time_delivery_rate",
    "kpi_repeat_purchase_ratio",
    "kpi_churn_rate",
}


@pytest.fixture(scope="module")
def absent_build(workdir: Path) -> Build:
    folder = write_exports(workdir / "absent")
    (folder / "nps_responses.csv").unlink()  # no survey tool
    (folder / "product_views.csv").unlink()  # no product views
    (folder / "email_events.csv").unlink()  # no e-mail tool
    (folder / "store_traffic.csv").write_bytes(b"")  # an empty file
    header = ",".join(columns("ad_performance")) + "\n"
    (folder / "ad_performance.csv").write_text(header)  # a header only
    return Build(folder, workdir / "absent_build" / CI_DATABASE_NAME)


def test_absent_and_empty_sources_build(absent_build: Build, seed_marts: dict) -> None:
    assert absent_build.result.success, absent_build.messages
    marts = absent_build.marts()
    for empty in (
        "kpi_net_promoter_score",
        "kpi_reach_impressions",
        "kpi_click_through_rate",
        "kpi_category_conversion_rate",
        "kpi_email_engagement",
    ):
        assert marts[empty] == [], empty
    assert (
        absent_build.query("select count(*), count(visitors) from marts.kpi_store_conversion_rate")[
            0
        ][1]
        == 0
    )
    for name in UNAFFECTED_BY_ABSENT:
        assert marts[name] == seed_marts[name], name


def test_a_shop_without_stores(workdir: Path) -> None:
    folder = write_exports(workdir / "webshop_only")
    for table in ("stores", "store_traffic", "nps_responses"):
        (folder / f"{table}.csv").unlink()
    orders = [o for o in read_rows(folder, "orders") if o["sales_channel"] == "webshop"]
    kept = {o["order_id"] for o in orders}
    lines = [r for r in read_rows(folder, "order_lines") if r["order_id"] in kept]
    kept_lines = {r["order_line_id"] for r in lines}
    returns = [r for r in read_rows(folder, "returns") if r["order_line_id"] in kept_lines]
    write_rows(folder, "orders", orders, columns("orders"))
    write_rows(folder, "order_lines", lines, columns("order_lines"))
    write_rows(folder, "returns", returns, columns("returns"))
    # the marts of store and survey data, with their parents, and the
    # quarantine: where a missing store feed could break the build. The
    # scorecard reads every mart, so selecting it would build the rest; the
    # absent-sources build above shows it takes empty store and survey marts.
    build = Build(
        folder,
        workdir / "webshop_only_build" / CI_DATABASE_NAME,
        nodes=(
            "--select",
            "+kpi_store_conversion_rate +kpi_visitors_per_day +kpi_net_promoter_score"
            " +dim_store +dq_rejected_rows",
            *CAUTIOUS,
        ),
    )
    assert build.result.success, build.messages
    assert build.query("select count(*) from marts.kpi_store_conversion_rate") == [(0,)]
    assert build.query("select distinct location from marts.kpi_visitors_per_day") == [("webshop",)]
    assert build.query("select count(*) from marts.dq_rejected_rows") == [(0,)]
