"""Source adapters (D71): a shop's data as a loader landed it, in; the KPIs, out.

One build reads the demo as a shop's whole stack in loaders' shapes
(`ecommerce-kpis generate --shape stack`: Shopify, Google Ads, Meta Ads and
Klaviyo as Fivetran lands them, the other raw tables for var raw_data_path),
with the awkward and bad rows each shape adds; the other adapters' modules
read the same build (conftest's SHARED_BUILDS). It is compared with the
build of the demo in the contract's shape: the round trip. What Shopify cannot say (the order's
session, shifts, picking errors, carrier costs, return request times, ...)
changes some marts; for those the totals that do not depend on it must
still be equal. docs/adapters/shopify_fivetran.md has the same table.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from conftest import (
    ROOT,
    copy_database,
    demo_ids,
    kpi_marts,
    query,
    refused_vars,
    run_dbt,
)

from ecommerce_kpis.demo.shapes import SHAPES
from ecommerce_kpis.schema import RAW_TABLES

pytestmark = pytest.mark.slow

PREFIX = "shopify:"

# KPI marts the adapter feeds whole: equal to the contract-shaped build's,
# ids aside (the adapter prefixes them)
EQUAL = {
    "kpi_bounce_rate",
    "kpi_churn_rate",
    "kpi_click_through_rate",
    "kpi_email_engagement",
    "kpi_net_promoter_score",
    "kpi_reach_impressions",
    "kpi_repeat_purchase_ratio",
    "kpi_store_conversion_rate",
    "kpi_upsell_ratio",
    "kpi_visitors_per_day",
}
FED_BY_THE_STACKS_OTHER_ADAPTERS = {
    "kpi_click_through_rate",
    "kpi_email_engagement",
    "kpi_reach_impressions",
}
# KPI marts fed in part: why they differ, and the sums that must not
PARTLY = {
    "kpi_average_order_value": (
        "with prices including VAT, the unit price is rounded up to the cent and "
        "the discount takes the difference",
        ["orders", "net_revenue"],
    ),
    "kpi_discount_margin_impact": (
        "the same split of gross price and discount",
        ["orders", "net_revenue", "cogs", "gross_margin"],
    ),
    "kpi_conversion_rate": ("Shopify has no order's session", ["sessions"]),
    "kpi_category_conversion_rate": (
        "Shopify has no order's session: no session converts",
        ["sessions_viewing"],
    ),
    "kpi_avg_session_duration": (
        "converting sessions unknown (no order's session)",
        ["sessions", "total_duration_seconds"],
    ),
    "kpi_cost_per_acquisition": (
        "acquisition channel unknown (no order's session)",
        ["marketing_cost", "new_customers"],
    ),
    "kpi_cost_per_conversion": ("conversions unknown (no order's session)", ["ad_cost"]),
    "kpi_customer_lifetime_value": (
        "acquisition channel unknown (no order's session)",
        ["customers", "orders", "net_revenue", "gross_margin", "acquired_customers"],
    ),
    "kpi_cross_sell_ratio": (
        "Shopify has no recommendation source",
        ["customers", "cross_sell_customers"],
    ),
    "kpi_first_time_delivery_rate": ("Shopify has no picking errors", ["shipments"]),
    "kpi_fulfilment_error_rate": (
        "Shopify has no shift, picking method or picking error",
        ["shipments"],
    ),
    "kpi_fulfilment_cost_per_order": (
        "Shopify has no carrier cost",
        ["orders_shipped", "items_shipped", "picking_cost", "packing_cost", "storage_cost"],
    ),
    "kpi_return_cycle_time": ("a return is dated by its refund", ["returns_received"]),
    "kpi_return_rate": (
        "a return in transit has no refund yet",
        ["items_sold", "net_revenue"],
    ),
    # the scorecard and its alerts follow the marts above
    "kpi_scorecard": ("follows the marts above", []),
    "kpi_alerts": ("follows the marts above", []),
}


def test_the_landed_shop_builds_green(stack_build) -> None:
    result, _ = stack_build
    failed = [r["unique_id"] for r in result.results if r["status"] in ("error", "fail")]
    assert result.success, failed or result.output[-3000:]


def test_every_kpi_mart_is_listed_once() -> None:
    marts = {
        name
        for (name,) in duckdb.sql(
            "select distinct regexp_extract(file, '(kpi_[a-z_]+)\\.sql$', 1) "
            f"from glob('{ROOT}/models/marts/**/kpi_*.sql') as files(file)"
        ).fetchall()
    }
    assert not EQUAL & set(PARTLY)
    assert marts - {"kpi_catalogue"} == EQUAL | set(PARTLY)


def test_round_trip_gives_the_demo_marts(stack_build, seed_marts) -> None:
    """Marts the adapter feeds whole are the contract-shaped build's, row for row."""
    _, database = stack_build
    landed_marts = kpi_marts(database)
    # but the marts of the stack's ad platforms and e-mail tool, which their
    # adapters' modules compare (Google Ads has no reach, Klaviyo adds a flow)
    for mart in sorted(EQUAL - FED_BY_THE_STACKS_OTHER_ADAPTERS):
        assert demo_ids(landed_marts[mart]) == demo_ids(seed_marts[mart]), mart


@pytest.mark.parametrize("mart", sorted(m for m, (_, sums) in PARTLY.items() if sums))
def test_round_trip_keeps_the_totals_shopify_can_feed(stack_build, ci_database, mart: str) -> None:
    _, database = stack_build
    _, columns = PARTLY[mart]
    sums = ", ".join(f"sum({c})" for c in columns)
    demo = query(ci_database, f"select {sums}, count(*) > 0 from marts.{mart}")
    shopify = query(database, f"select {sums}, count(*) > 0 from marts.{mart}")
    assert shopify == demo, (mart, columns)


def test_every_landed_row_is_accounted_for(stack_build, landed_stack: Path) -> None:
    """Per landed table: the accounting's rows = the rows in the loader's file."""
    _, database = stack_build
    accounted = dict(
        query(
            database,
            "select landed_table, sum(landed_rows) from adapters.adapter_row_accounting "
            "where adapter = 'shopify_fivetran' group by 1",
        )
    )
    files = {
        path.stem: duckdb.sql(
            f"select count(*) from read_csv('{path}', all_varchar = true)"
        ).fetchone()[0]
        for path in (landed_stack / "shopify_fivetran").glob("*.csv")
    }
    assert accounted == files


def test_set_aside_rows_are_counted_with_their_reason(stack_build) -> None:
    _, database = stack_build
    set_aside = query(
        database,
        "select landed_table, reason, landed_rows from adapters.adapter_row_accounting "
        "where outcome = 'set_aside' and adapter = 'shopify_fivetran' order by 1, 2",
    )
    assert set_aside == [
        ("order", "deleted in Shopify", 1),
        ("order", "test order", 1),
        ("order_line", "gift card (a liability, not revenue)", 1),
        ("order_line", "order set aside: deleted in Shopify", 1),
        ("order_line", "order set aside: test order", 1),
    ]


def test_landed_bad_rows_are_quarantined_by_name(stack_build) -> None:
    _, database = stack_build
    rejected = query(
        database,
        # the stack's other adapters' bad rows are theirs to check
        "select source_table, row_key, rule_broken from marts.dq_rejected_rows "
        "where row_key like 'shopify:%' order by 1, 2",
    )
    assert rejected == [
        (
            "order_lines",
            "shopify:X-BAD-TIME-1",
            "order_id: orders row quarantined (ordered_at: not a valid timestamp)",
        ),
        ("order_lines", "shopify:X-ORPHAN-1", "order_id: not found in orders"),
        ("order_lines", "shopify:X-USD-NO-RATE-1", "fx_rates: no rate for USD on 2025-01-20"),
        ("order_lines", "shopify:X-XXX-1", "fx_rates: no rate for XXX on 2025-01-01"),
        ("orders", "shopify:X-BAD-TIME", "ordered_at: not a valid timestamp"),
        ("orders", "shopify:X-USD-NO-RATE", "fx_rates: no rate for USD on 2025-01-20"),
        ("orders", "shopify:X-XXX", "fx_rates: no rate for XXX on 2025-01-01"),
    ]


def test_another_currency_is_converted_at_the_days_rate(stack_build) -> None:
    """X-USD: 2 x 100.00 USD less 10.00 at 0.92 EUR a dollar: 92.00 and 9.20."""
    _, database = stack_build
    assert query(
        database,
        "select order_id, order_status, quantity, unit_price, discount_amount "
        "from staging.stg_shop__order_lines inner join staging.stg_shop__orders using (order_id) "
        "where order_line_id = 'shopify:X-USD-1'",
    ) == [("shopify:X-USD", "cancelled", 2, Decimal("92.00"), Decimal("9.20"))]


def test_the_shapes_fill_the_tables_their_adapters_declare(stack_build) -> None:
    """FILLS of each shape module = source_adapter_registry()'s tables in the manifest."""
    result, _ = stack_build
    manifest = json.loads((result.target_path / "manifest.json").read_text())
    models = {n["name"] for n in manifest["nodes"].values() if n["resource_type"] == "model"}
    for shape, module in SHAPES.items():
        declared = {t for t in RAW_TABLES if f"{shape}__{t}" in models}
        assert declared == set(module.FILLS), shape


def test_a_loaders_duckdb_schema_maps_as_its_files(
    stack_build, landed_stack: Path, tmp_path: Path
) -> None:
    """The same landed tables as typed DuckDB tables in a schema (timestamps,
    booleans and numbers as DuckDB's CSV reader types them, as a loader's
    DuckDB file holds them): the adapter hands staging the same rows."""
    _, database = stack_build
    copy = copy_database(database, tmp_path)
    with duckdb.connect(str(copy)) as con:
        con.execute("create schema shopify_landed")
        for path in sorted((landed_stack / "shopify_fivetran").glob("*.csv")):
            con.execute(
                f'create table shopify_landed."{path.stem}" as select * from read_csv(?)',
                [str(path)],
            )
        typed = con.execute(
            "select count(*) from information_schema.columns "
            "where table_schema = 'shopify_landed' and data_type != 'VARCHAR'"
        ).fetchone()[0]
    assert typed > 20
    variables = {"source_adapters": {"shopify_fivetran": {"schema": "shopify_landed"}}}
    result = run_dbt(
        [
            "build",
            *("--target", "ci", "--select", "path:models/adapters"),
            # the adapters' own tests only, not those of staging read with other vars
            *("--indirect-selection", "cautious"),
            *("--exclude-resource-type", "unit_test", "--vars", json.dumps(variables)),
        ],
        env={"KPI_CI_DUCKDB_PATH": str(copy)},
        target_path=tmp_path / "target",
    )
    assert result.success, result.output[-3000:]
    for table in SHAPES["shopify_fivetran"].FILLS:
        sql = f"select * from adapters.shopify_fivetran__{table}"
        assert sorted(query(copy, sql), key=repr) == sorted(query(database, sql), key=repr), table


def test_a_table_without_a_required_column_marks_its_rows(stack_build, tmp_path: Path) -> None:
    """`location` without its `id` (declared `required: true`): every row
    carries the file issue that quarantines it; a missing optional column
    (`legacy`) is only NULL."""
    _, database = stack_build
    copy = copy_database(database, tmp_path)
    with duckdb.connect(str(copy)) as con:
        con.execute("create schema shopify_landed")
        con.execute(
            "create table shopify_landed.location as "
            "select * from (values ('Utrecht', 'Utrecht')) as t(name, city)"
        )
    variables = {"source_adapters": {"shopify_fivetran": {"schema": "shopify_landed"}}}
    result = run_dbt(
        [
            "run",
            *("--target", "ci", "--select", "shopify_fivetran__landed_location"),
            *("--vars", json.dumps(variables)),
        ],
        env={"KPI_CI_DUCKDB_PATH": str(copy)},
        target_path=tmp_path / "target",
    )
    assert result.success, result.output[-3000:]
    assert query(
        copy,
        "select id, name, legacy, dq_file_issue from adapters.shopify_fivetran__landed_location",
    ) == [(None, "Utrecht", None, "file: missing column id")]


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"source_adapters": {"shopify": {"path": "/x"}}}, "unknown adapter shopify"),
        (
            {"source_adapters": {"shopify_fivetran": {"path": "/x", "schema": "s"}}},
            "needs exactly one of",
        ),
        (
            {"source_adapters": {"shopify_fivetran": {"path": "/x", "b2b": "y"}}},
            "unknown option b2b",
        ),
        (
            {"source_adapters": {"shopify_fivetran": {"schema": "a.b.c"}}},
            "must be a schema or database.schema",
        ),
        ({"reporting_currency": "EURO"}, "must be an ISO 4217 code"),
        (
            {
                "source_adapters": {
                    "shopify_fivetran": {"path": "/x"},
                    "shopify_csv": {"path": "/y"},
                }
            },
            "shopify_fivetran and shopify_csv both read shopify",
        ),
    ],
)
def test_adapter_vars_are_checked(variables: dict, message: str) -> None:
    assert message in refused_vars(variables, "base_finance__fx_rates base_shop__orders")
