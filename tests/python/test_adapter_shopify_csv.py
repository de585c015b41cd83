"""The shopify_csv source adapter (D73): Shopify admin's CSV exports in, the KPIs out.

One build reads the demo shop written as Shopify's "Export orders" and
"Export products" files (`ecommerce-kpis generate --shape shopify_csv`: the
exports with Shopify's whole header, for the adapter; the other raw tables
for var raw_data_path, without returns), with the awkward and bad rows the
shape adds. It is compared with the build of the demo in the contract's
shape: the round trip. docs/adapters/shopify_csv.md has the same table.
"""

from __future__ import annotations

import csv
import hashlib
import os
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from conftest import CI_DATABASE_NAME, ROOT, build_with_vars, kpi_marts, query, refused_vars

from ecommerce_kpis.demo.generate import Config, generate
from ecommerce_kpis.demo.shapes import write_shape

pytestmark = pytest.mark.slow

PREFIX = "shopify:"

# KPI marts the adapter (with the shop's other files) feeds whole: equal to
# the contract-shaped build's, ids aside
EQUAL = {
    "kpi_bounce_rate",
    "kpi_churn_rate",
    "kpi_click_through_rate",
    "kpi_first_time_delivery_rate",
    "kpi_fulfilment_cost_per_order",
    "kpi_fulfilment_error_rate",
    "kpi_email_engagement",
    "kpi_net_promoter_score",
    "kpi_reach_impressions",
    "kpi_repeat_purchase_ratio",
    "kpi_store_conversion_rate",
    "kpi_upsell_ratio",
    "kpi_visitors_per_day",
}
# KPI marts fed in part: why they differ, and the sums that must not
PARTLY = {
    "kpi_average_order_value": (
        "with prices including VAT, the unit price is rounded up to the cent and "
        "the discount takes the difference",
        ["orders", "net_revenue"],
    ),
    "kpi_discount_margin_impact": (
        "the same split of gross price and discount; the export has no promotion",
        ["orders", "net_revenue", "cogs", "gross_margin"],
    ),
    "kpi_conversion_rate": ("the export has no order's session", ["sessions"]),
    "kpi_category_conversion_rate": (
        "the export has no order's session: no session converts",
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
        "the export has no recommendation source",
        ["customers", "cross_sell_customers"],
    ),
    "kpi_return_rate": (
        "no returns: the export has no line-level refunds (the rate is 0)",
        ["items_sold", "net_revenue"],
    ),
    # the scorecard and its alerts follow the marts above
    "kpi_scorecard": ("follows the marts above", []),
    "kpi_alerts": ("follows the marts above", []),
}
# KPI marts the adapter cannot feed: empty
NOT_FED = {"kpi_return_cycle_time": "no returns: the export has no line-level refunds"}


@pytest.fixture(scope="module")
def tables() -> dict:
    return generate(Config())


@pytest.fixture(scope="module")
def landed(tables: dict, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo shop as Shopify admin's CSV exports."""
    folder = tmp_path_factory.mktemp("shopify_csv")
    write_shape("shopify_csv", tables, folder)
    return folder


@pytest.fixture(scope="module")
def build(landed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    database = tmp_path_factory.mktemp("shopify_csv_build") / CI_DATABASE_NAME
    variables = {
        "source_adapters": {"shopify_csv": {"path": str(landed / "shopify_csv")}},
        "raw_data_path": str(landed / "raw"),
    }
    result = build_with_vars(database, variables)
    failed = [r["unique_id"] for r in result.results if r["status"] in ("error", "fail")]
    assert result.success, failed or result.output[-3000:]
    return database


def _without_prefix(rows: list[tuple]) -> list[tuple]:
    return sorted(
        (tuple(v.replace(PREFIX, "") if isinstance(v, str) else v for v in row) for row in rows),
        key=repr,
    )


def test_the_exports_have_shopifys_whole_header(landed: Path) -> None:
    """The build below reads files with Shopify's 79 order columns (most of
    them unused by the adapter) split over two files, and its product export."""
    folder = landed / "shopify_csv"
    assert sorted(p.name for p in folder.iterdir()) == [
        "orders_export_1.csv",
        "orders_export_2.csv",
        "products_export_1.csv",
    ]
    with (folder / "orders_export_1.csv").open(newline="") as handle:
        header = next(csv.reader(handle))
    assert len(header) == 79
    assert header[:3] == ["Name", "Email", "Financial Status"]
    assert {"Payment References", "Risk Level", "Tax 5 Value", "Lineitem sku"} <= set(header)


def test_every_kpi_mart_is_listed_once() -> None:
    marts = {
        name
        for (name,) in duckdb.sql(
            "select distinct regexp_extract(file, '(kpi_[a-z_]+)\\.sql$', 1) "
            f"from glob('{ROOT}/models/marts/**/kpi_*.sql') as files(file)"
        ).fetchall()
    }
    listed = [*EQUAL, *PARTLY, *NOT_FED]
    assert len(listed) == len(set(listed))
    assert marts - {"kpi_catalogue"} == set(listed)


def test_round_trip_gives_the_demo_marts(build: Path, seed_marts) -> None:
    """Marts the adapter feeds whole are the contract-shaped build's, row for row."""
    landed_marts = kpi_marts(build)
    for mart in sorted(EQUAL):
        assert _without_prefix(landed_marts[mart]) == _without_prefix(seed_marts[mart]), mart


def test_round_trip_keeps_the_totals_the_export_can_feed(build: Path, ci_database: Path) -> None:
    different = {}
    for mart, (_, columns) in sorted(PARTLY.items()):
        if not columns:
            continue
        sums = ", ".join(f"sum({c})" for c in columns)
        demo = query(ci_database, f"select {sums}, count(*) > 0 from marts.{mart}")
        shopify = query(build, f"select {sums}, count(*) > 0 from marts.{mart}")
        if shopify != demo:
            different[mart] = (demo, shopify)
    assert different == {}


def test_the_kpis_it_cannot_feed_are_empty_or_zero(build: Path) -> None:
    for mart in NOT_FED:
        assert query(build, f"select count(*) from marts.{mart}") == [(0,)], mart
    assert query(build, "select sum(items_returned) from marts.kpi_return_rate") == [(0,)]


def test_every_landed_row_is_accounted_for(build: Path, landed: Path, tables: dict) -> None:
    """Per landed table, the accounting's rows = the rows of its files; and
    the outcomes as the demo's tables give them: a row per line item (the
    demo's lines, 2 lines of X-USD and one of each other extra order, and
    the line without order), of which the orders' first rows are also
    orders; the first row of each customer's first order and of each
    store's first POS order; a product per variant (and the gift wrap), an
    image row per product set aside."""
    accounted = dict(
        query(
            build,
            "select landed_table, sum(landed_rows) from adapters.adapter_row_accounting "
            "where adapter = 'shopify_csv' group by 1",
        )
    )
    files = {}
    for path in (landed / "shopify_csv").glob("*.csv"):
        table = path.stem.rsplit("_", 1)[0]
        rows = duckdb.sql(f"select count(*) from read_csv('{path}', all_varchar = true)")
        files[table] = files.get(table, 0) + rows.fetchone()[0]
    assert accounted == files

    orders = len(tables["orders"]) + 4  # X-USD, X-USD-NO-RATE, X-XXX, X-BAD-TIME
    lines = len(tables["order_lines"]) + 2 + 3 + 1
    customers, stores = len(tables["customers"]), len(tables["stores"])
    groups = tables["products"]["product_group_id"].nunique()
    assert query(
        build,
        "select landed_table, outcome, contract_table, reason, landed_rows "
        "from adapters.adapter_row_accounting where adapter = 'shopify_csv' order by 1, 2, 3",
    ) == [
        ("orders_export", "mapped", "order_lines", None, lines - orders),
        ("orders_export", "mapped", "order_lines, orders", None, orders - customers - stores),
        ("orders_export", "mapped", "order_lines, orders, customers", None, customers),
        ("orders_export", "mapped", "order_lines, orders, stores", None, stores),
        ("products_export", "mapped", "products", None, len(tables["products"]) + 1),
        ("products_export", "set_aside", "products", "image row (no variant)", groups),
    ]


def test_landed_bad_rows_are_quarantined_by_name(build: Path) -> None:
    rejected = query(
        build,
        "select source_table, row_key, rule_broken from marts.dq_rejected_rows order by 1, 2",
    )
    assert rejected == [
        (
            "order_lines",
            "shopify:X-BAD-TIME-1",
            "order_id: orders row quarantined (ordered_at: not a valid timestamp)",
        ),
        ("order_lines", "shopify:X-NEVER-LANDED-1", "order_id: not found in orders"),
        ("order_lines", "shopify:X-USD-NO-RATE-1", "fx_rates: no rate for USD on 2025-02-01"),
        ("order_lines", "shopify:X-XXX-1", "fx_rates: no rate for XXX on 2025-01-01"),
        ("orders", "shopify:X-BAD-TIME", "ordered_at: not a valid timestamp"),
        ("orders", "shopify:X-USD-NO-RATE", "fx_rates: no rate for USD on 2025-02-01"),
        ("orders", "shopify:X-XXX", "fx_rates: no rate for XXX on 2025-01-01"),
    ]


def test_another_currency_and_a_discount_code_are_converted(build: Path) -> None:
    """X-USD at 0.92 EUR a dollar, cancelled. WELCOME: 29.50 discount, 10.00
    of it on line 1, the other 19.50 spread over 190 + 5 of lines: 19.00 and
    0.50. Line 1: unit 100 x 0.92 = 92.00, discount (10 + 19) x 0.92 = 26.68.
    Line 2 (no SKU: its name is the product): 4.60 and 0.50 x 0.92 = 0.46.
    Shipping 10.00 x 0.92 = 9.20."""
    assert query(
        build,
        "select order_line_id, product_id, order_status, quantity, unit_price, discount_amount, "
        "shipping_fee from staging.stg_shop__order_lines "
        "inner join staging.stg_shop__orders using (order_id) "
        "where order_id = 'shopify:X-USD' order by 1",
    ) == [
        (
            "shopify:X-USD-1",
            "shopify:P00060",
            "cancelled",
            2,
            Decimal("92.00"),
            Decimal("26.68"),
            Decimal("9.20"),
        ),
        (
            "shopify:X-USD-2",
            "shopify:Gift wrap",
            "cancelled",
            1,
            Decimal("4.60"),
            Decimal("0.46"),
            Decimal("9.20"),
        ),
    ]


def test_customers_are_salted_hashes_of_their_email(build: Path, tables: dict) -> None:
    """Ids: `shopify:` and sha256 of the salt and the e-mail; b2b from the
    order tag; created at the first order's time (UTC, from the shop's +0100
    / +0200)."""
    salt = os.environ.get("KPI_PII_SALT", "ecommerce-kpis-demo-salt")
    customers = tables["customers"]
    orders = tables["orders"]
    first = orders.dropna(subset=["customer_id"]).groupby("customer_id")["ordered_at"].min()
    expected = sorted(
        (
            PREFIX + hashlib.sha256((salt + email.lower()).encode()).hexdigest(),
            customer_type,
            country,
            first[customer_id],
        )
        for customer_id, email, customer_type, country in customers[
            ["customer_id", "email", "customer_type", "country_code"]
        ].itertuples(index=False)
    )
    staged = query(
        build,
        "select customer_id, customer_type, country_code, strftime(created_at, '%Y-%m-%d %H:%M:%S')"
        " from staging.stg_shop__customers order by 1",
    )
    assert staged == expected


def test_an_unknown_option_is_refused() -> None:
    variables = {"source_adapters": {"shopify_csv": {"path": "/x", "currency": "USD"}}}
    output = refused_vars(variables, "base_shop__orders")
    assert (
        "shopify_csv: unknown option currency; allowed: path or schema, b2b_tag, shop_currency"
        in (output)
    )
