"""The WooCommerce adapter (D74): the demo shop as Airbyte lands it, in; the KPIs, out.

One build reads the demo shop written in the Airbyte/PyAirbyte WooCommerce
shape (`ecommerce-kpis generate --shape woocommerce`: the streams for the
adapter, the other raw tables, and the store orders of a POS system, for
var raw_data_path), with the awkward and bad rows the shape adds. It is
compared with the build of the demo in the contract's shape: the round
trip. What WooCommerce cannot say (the order's session, recommendation
sources, returns not yet refunded) changes some marts; for those the totals
that do not depend on it must still be equal. docs/adapters/woocommerce.md
has the same table.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from conftest import (
    CI_DATABASE_NAME,
    ROOT,
    build_with_vars,
    copy_database,
    kpi_marts,
    query,
    refused_vars,
    run_dbt,
)

from ecommerce_kpis.demo.generate import Config, generate
from ecommerce_kpis.demo.shapes import SHAPES, write_shape

pytestmark = pytest.mark.slow

PREFIX = "woocommerce:"

# KPI marts the adapter feeds whole: equal to the contract-shaped build's,
# ids aside (the adapter prefixes them)
EQUAL = {
    "kpi_average_order_value",
    "kpi_bounce_rate",
    "kpi_churn_rate",
    "kpi_click_through_rate",
    # promotion ids are the coupon codes lower-cased (compared so)
    "kpi_discount_margin_impact",
    "kpi_first_time_delivery_rate",
    "kpi_fulfilment_cost_per_order",
    "kpi_fulfilment_error_rate",
    "kpi_email_engagement",
    "kpi_net_promoter_score",
    "kpi_reach_impressions",
    "kpi_repeat_purchase_ratio",
    "kpi_return_cycle_time",
    "kpi_store_conversion_rate",
    "kpi_upsell_ratio",
    "kpi_visitors_per_day",
}
# KPI marts fed in part: why they differ, and the sums that must not
PARTLY = {
    "kpi_conversion_rate": ("WooCommerce has no order's session", ["sessions"]),
    "kpi_category_conversion_rate": (
        "WooCommerce has no order's session: no session converts",
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
        "WooCommerce has no recommendation source",
        ["customers", "cross_sell_customers"],
    ),
    "kpi_return_rate": (
        "a return in transit has no refund yet",
        ["items_sold", "net_revenue"],
    ),
    # the scorecard and its alerts follow the marts above
    "kpi_scorecard": ("follows the marts above", []),
    "kpi_alerts": ("follows the marts above", []),
}
# the lines nested in a landed row that the adapter maps row by row
NESTED = {
    "orders__line_items": ("orders", "line_items"),
    "refunds__line_items": ("refunds", "line_items"),
    "products__cross_sell_ids": ("products", "cross_sell_ids"),
}


@pytest.fixture(scope="module")
def landed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo shop in the Airbyte WooCommerce shape (CSV)."""
    folder = tmp_path_factory.mktemp("woocommerce")
    write_shape("woocommerce", generate(Config()), folder)
    return folder


@pytest.fixture(scope="module")
def build(landed: Path, tmp_path_factory: pytest.TempPathFactory):
    database = tmp_path_factory.mktemp("woocommerce_build") / CI_DATABASE_NAME
    variables = {
        "source_adapters": {"woocommerce": {"path": str(landed / "woocommerce")}},
        "raw_data_path": str(landed / "raw"),
    }
    return build_with_vars(database, variables), database


def _without_prefix(rows: list[tuple], lower: bool = False) -> list[tuple]:
    def clean(value: object) -> object:
        if not isinstance(value, str):
            return value
        value = value.replace(PREFIX, "")
        return value.lower() if lower else value

    return sorted((tuple(clean(v) for v in row) for row in rows), key=repr)


def test_the_landed_shop_builds_green(build) -> None:
    result, _ = build
    failed = [r["unique_id"] for r in result.results if r["status"] in ("error", "fail")]
    assert result.success, failed or result.output[-3000:]


def test_the_landed_files_carry_columns_the_adapter_does_not_read(landed: Path) -> None:
    """The streams keep the loader's columns, read or not (e.g. orders.date_created,
    the local time; products.status; refunds.refunded_by)."""
    header = {
        path.stem: duckdb.sql(f"describe select * from read_csv('{path}')").fetchall()
        for path in (landed / "woocommerce").glob("*.csv")
    }
    columns = {table: {row[0] for row in rows} for table, rows in header.items()}
    assert {"date_created", "number", "parent_id"} <= columns["orders"]
    assert {"refunded_by"} <= columns["refunds"]
    assert {"status"} <= columns["products"]
    assert {"role", "first_name"} <= columns["customers"]


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


def test_round_trip_gives_the_demo_marts(build, seed_marts) -> None:
    """Marts the adapter feeds whole are the contract-shaped build's, row for row."""
    _, database = build
    landed_marts = kpi_marts(database)
    for mart in sorted(EQUAL):
        lower = mart == "kpi_discount_margin_impact"
        assert _without_prefix(landed_marts[mart], lower) == _without_prefix(
            seed_marts[mart], lower
        ), mart


@pytest.mark.parametrize("mart", sorted(m for m, (_, sums) in PARTLY.items() if sums))
def test_round_trip_keeps_the_totals_woocommerce_can_feed(build, ci_database, mart: str) -> None:
    _, database = build
    _, columns = PARTLY[mart]
    sums = ", ".join(f"sum({c})" for c in columns)
    demo = query(ci_database, f"select {sums}, count(*) > 0 from marts.{mart}")
    woocommerce = query(database, f"select {sums}, count(*) > 0 from marts.{mart}")
    assert woocommerce == demo, (mart, columns)


def test_every_landed_row_is_accounted_for(build, landed: Path) -> None:
    """Per landed stream: the accounting's rows = the rows in the loader's
    file; per nested array mapped row by row: = its elements in the file."""
    _, database = build
    accounted = dict(
        query(
            database,
            "select landed_table, sum(landed_rows) from adapters.adapter_row_accounting "
            "where adapter = 'woocommerce' group by 1",
        )
    )
    frames = {
        path.stem: duckdb.sql(f"select * from read_csv('{path}', all_varchar = true)").df()
        for path in (landed / "woocommerce").glob("*.csv")
    }
    expected = {table: len(frame) for table, frame in frames.items()}
    for name, (table, column) in NESTED.items():
        expected[name] = sum(len(json.loads(v)) for v in frames[table][column])
    assert accounted == expected


def test_set_aside_rows_are_counted_with_their_reason(build) -> None:
    _, database = build
    set_aside = query(
        database,
        "select landed_table, reason, landed_rows from adapters.adapter_row_accounting "
        "where outcome = 'set_aside' order by 1, 2",
    )
    grouped = "a grouped product (a set of other products)"
    assert set_aside == [
        ("orders", "checkout draft (an unfinished checkout)", 1),
        ("orders", "in the trash", 1),
        ("orders", "pending payment", 1),
        ("orders__line_items", "order set aside: checkout draft (an unfinished checkout)", 1),
        ("orders__line_items", "order set aside: in the trash", 1),
        ("orders__line_items", "order set aside: pending payment", 1),
        ("products", grouped, 1),
        ("products__cross_sell_ids", "product set aside: " + grouped, 1),
        ("refunds", "a refund without refunded lines (an amount only)", 1),
        ("refunds", "none of its refunded lines is a return", 1),
        ("refunds__line_items", "an amount refunded, no goods (quantity 0)", 1),
    ]


def test_landed_bad_rows_are_quarantined_by_name(build) -> None:
    _, database = build
    rejected = query(
        database,
        "select source_table, row_key, rule_broken from marts.dq_rejected_rows order by 1, 2",
    )
    assert rejected == [
        (
            "order_lines",
            "woocommerce:X-BAD-TIME-1",
            "order_id: orders row quarantined (ordered_at: not a valid timestamp)",
        ),
        ("order_lines", "woocommerce:X-USD-NO-RATE-1", "fx_rates: no rate for USD on 2025-02-01"),
        ("order_lines", "woocommerce:X-XXX-1", "fx_rates: no rate for XXX on 2025-01-01"),
        ("orders", "woocommerce:X-BAD-TIME", "ordered_at: not a valid timestamp"),
        ("orders", "woocommerce:X-USD-NO-RATE", "fx_rates: no rate for USD on 2025-02-01"),
        ("orders", "woocommerce:X-XXX", "fx_rates: no rate for XXX on 2025-01-01"),
        ("products", "woocommerce:X-SIMPLE-NO-COST", "unit_cost: missing"),
        ("returns", "woocommerce:X-RF-ORPHAN-1", "order_line_id: not found in order_lines"),
    ]


def test_another_currency_is_converted_at_the_days_rate(build) -> None:
    """X-USD: 2 units, subtotal 200.00 USD, total 190.00, at 0.92 EUR a
    dollar: 92.00 a unit and 184.00 - 174.80 = 9.20 discount."""
    _, database = build
    assert query(
        database,
        "select order_id, order_status, quantity, unit_price, discount_amount "
        "from staging.stg_shop__order_lines inner join staging.stg_shop__orders using (order_id) "
        "where order_line_id = 'woocommerce:X-USD-1'",
    ) == [("woocommerce:X-USD", "cancelled", 2, Decimal("92.00"), Decimal("9.20"))]


def test_a_guest_is_a_customer_keyed_by_the_hash_of_their_email(build) -> None:
    """X-GUEST (customer_id 0, billing e-mail ` Guest.Buyer@Example.com`):
    one customer `woocommerce:guest:<sha256 of the salt and the trimmed,
    lower-cased e-mail>`, b2c, in BE, since the order; the order is theirs."""
    _, database = build
    digest = hashlib.sha256(b"ecommerce-kpis-demo-saltguest.buyer@example.com").hexdigest()
    guest = "woocommerce:guest:" + digest
    ordered_at = query(
        database,
        "select ordered_at, customer_id from staging.stg_shop__orders "
        "where order_id = 'woocommerce:X-GUEST'",
    )
    assert ordered_at[0][1] == guest
    assert query(
        database,
        "select customer_id, customer_type, country_code, created_at "
        "from staging.stg_shop__customers where customer_id like 'woocommerce:guest:%'",
    ) == [(guest, "b2c", "BE", ordered_at[0][0])]


def test_statuses_map_to_completed_and_cancelled(build, landed: Path) -> None:
    """Landed statuses per contract status: the sales (completed, processing,
    on-hold, refunded) are completed, cancelled and failed are cancelled."""
    _, database = build
    orders = duckdb.sql(
        f"select id, status from read_csv('{landed}/woocommerce/orders.csv', all_varchar = true)"
    ).fetchall()
    landed_status = {PREFIX + order_id: status for order_id, status in orders}
    mapped = query(
        database,
        "select order_id, order_status from staging.stg_shop__orders "
        f"where order_id like '{PREFIX}%'",
    )
    pairs = {(landed_status[order_id], status) for order_id, status in mapped}
    assert pairs == {
        ("completed", "completed"),
        ("processing", "completed"),
        ("on-hold", "completed"),
        ("refunded", "completed"),
        ("cancelled", "cancelled"),
        ("failed", "cancelled"),
    }


def test_adapter_vars_are_checked() -> None:
    variables = {"source_adapters": {"woocommerce": {"path": "/x", "currency": "USD"}}}
    assert "woocommerce: unknown option currency" in refused_vars(variables, "base_shop__orders")


# PyAirbyte's column types (airbyte/types.py): nested data as JSON, times
# as TIMESTAMP, numbers as DECIMAL(38, 9), booleans as BOOLEAN
CACHE_TYPES = {
    "orders": {
        "billing": "json",
        "line_items": "json",
        "coupon_lines": "json",
        "refunds": "json",
        "shipping_total": "decimal(38, 9)",
        "prices_include_tax": "boolean",
    },
    "refunds": {
        "date_created_gmt": "timestamp",
        "amount": "decimal(38, 9)",
        "line_items": "json",
    },
    "customers": {"date_created_gmt": "timestamp", "billing": "json"},
    "products": {
        "categories": "json",
        "attributes": "json",
        "variations": "json",
        "cross_sell_ids": "json",
    },
    "product_variations": {"attributes": "json", "price": "decimal(38, 9)"},
    "coupons": {"date_created_gmt": "timestamp", "amount": "decimal(38, 9)"},
}


def test_a_pyairbyte_duckdb_cache_maps_as_its_files(build, landed: Path, tmp_path: Path) -> None:
    """The same streams as typed tables of a DuckDB schema, as PyAirbyte's
    cache types them (JSON, TIMESTAMP, DECIMAL, BOOLEAN): the adapter hands
    staging the same rows."""
    _, database = build
    copy = copy_database(database, tmp_path)
    with duckdb.connect(str(copy)) as con:
        con.execute("create schema woo_cache")
        for table, types in CACHE_TYPES.items():
            path = landed / "woocommerce" / f"{table}.csv"
            columns = [row[0] for row in duckdb.sql(f"describe select * from '{path}'").fetchall()]
            select = ", ".join(
                f'cast("{c}" as {types[c]}) as "{c}"' if c in types else f'"{c}"' for c in columns
            )
            con.execute(
                f'create table woo_cache."{table}" as select {select} '
                "from read_csv(?, all_varchar = true)",
                [str(path)],
            )
        typed = con.execute(
            "select count(*) from information_schema.columns "
            "where table_schema = 'woo_cache' and data_type = 'JSON'"
        ).fetchone()[0]
    assert typed == 11
    variables = {
        "source_adapters": {"woocommerce": {"schema": "woo_cache"}},
        "raw_data_path": str(landed / "raw"),
    }
    result = run_dbt(
        [
            # the models only: their tests ran in the build of the files
            "run",
            *("--target", "ci", "--select", "path:models/adapters/woocommerce"),
            *("--vars", json.dumps(variables)),
        ],
        env={"KPI_CI_DUCKDB_PATH": str(copy)},
        target_path=tmp_path / "target",
    )
    assert result.success, result.output[-3000:]
    for table in SHAPES["woocommerce"].FILLS:
        sql = f"select * from adapters.woocommerce__{table}"
        assert sorted(query(copy, sql), key=repr) == sorted(query(database, sql), key=repr), table
