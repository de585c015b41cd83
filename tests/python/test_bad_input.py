"""Bad input: every bad row is quarantined, nothing is lost, nothing crashes.

Each build starts from the clean demo data written as user exports
(`<table>.csv` in a folder, read through the var raw_data_path), injects bad
input, runs `dbt build` and checks what happened. The reference for "the same
marts" is the session's build from the embedded seeds (conftest: ci_build),
the same demo data. Bad-row cases share one build (they touch different
rows, each with its own id); file-level cases (a failing feed, absent files,
a shop without stores, Parquet exports) need their own. These builds leave
the unit tests out: those read their own given rows, never this data, and
run in the session's build (and with changed vars in test_dbt_project).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import SEEDS, CiBuild, build_with_vars, run_dbt

from ecommerce_kpis.catalogue import load as load_catalogue
from ecommerce_kpis.schema import RAW_TABLES, columns

# dbt builds of its own (make check leaves the module out)
pytestmark = pytest.mark.slow

LONG_TEXT = "x" * 10_000


def write_exports(folder: Path) -> Path:
    """The committed demo seeds as user exports: <table>.csv."""
    folder.mkdir(parents=True, exist_ok=True)
    for table in RAW_TABLES:
        shutil.copy(SEEDS / f"raw_{table}.csv", folder / f"{table}.csv")
    return folder


def append_rows(folder: Path, table: str, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    with (folder / f"{table}.csv").open("a", encoding="utf-8") as handle:
        handle.write(buffer.getvalue())


def read_rows(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(folder: Path, table: str, rows: list[dict[str, str]], header: list[str]) -> None:
    with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: row.get(k, "") for k in header} for row in rows)


def normalised(rows: list[tuple]) -> list[tuple]:
    """Rows in a stable order, doubles rounded: parallel sums of doubles
    differ in the last bits from run to run."""
    rounded = [tuple(round(v, 9) if isinstance(v, float) else v for v in row) for row in rows]
    return sorted(rounded, key=repr)


class Build:
    """One dbt build on a folder of exports, into its own DuckDB file."""

    def __init__(self, folder: Path, database: Path, extra_vars: dict | None = None) -> None:
        self.database = database
        variables = {"raw_data_path": str(folder), **(extra_vars or {})}
        self.result = build_with_vars(database, variables, database.with_suffix(".target"))

    @property
    def messages(self) -> str:
        return self.result.output

    def status(self, name: str) -> str:
        return self.result.status(name)

    def query(self, sql: str) -> list[tuple]:
        con = duckdb.connect(str(self.database), read_only=True)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()

    def marts(self) -> dict[str, list[tuple]]:
        return kpi_marts(self.database)


def kpi_marts(database: Path) -> dict[str, list[tuple]]:
    """Every kpi_ mart of a build, normalised."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        names = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' and table_name like 'kpi_%'"
            ).fetchall()
        ]
        return {n: normalised(con.execute(f"select * from marts.{n}").fetchall()) for n in names}
    finally:
        con.close()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("bad_input")


@pytest.fixture(scope="module")
def seed_marts(ci_database: Path) -> dict[str, list[tuple]]:
    """The marts of the session's build from the embedded seeds."""
    return kpi_marts(ci_database)


def test_parquet_exports_build_the_same_marts(seed_marts: dict, workdir: Path) -> None:
    folder = workdir / "parquet"
    folder.mkdir()
    con = duckdb.connect()
    for table in RAW_TABLES:
        source = (SEEDS / f"raw_{table}.csv").as_posix()
        con.execute(
            f"copy (select * from read_csv('{source}', all_varchar = true)) "
            f"to '{(folder / f'{table}.parquet').as_posix()}' (format parquet)"
        )
    build = Build(folder, workdir / "parquet.duckdb")
    assert build.result.success, build.messages
    assert build.marts() == seed_marts


# ------------------------------------------------------------------ bad rows, one build

BAD_ROWS: dict[str, list[tuple[list[str], str]]] = {
    # table: [(raw row, expected rule)]
    "customers": [
        (
            ["C900002", "num@example.com", "b2c", "12", "2025-01-01 00:00:00"],
            "country_code: not an ISO-3166 alpha-2 code",
        ),
        (
            ["C000002", "late.copy@example.com", "b2b", "NL", "2026-01-01 00:00:00"],
            "customer_id: duplicate",
        ),
        (
            ["C900001", "vip@example.com", "vip", "NL", "2025-01-01 00:00:00"],
            "customer_type: not b2c or b2b",
        ),
    ],
    "products": [
        # three decimals would round silently: not a decimal(18,2)
        (
            ["P90004", "G9004", "Rounded", "dresses", "Luma", "12.345", "5.00"],
            "list_price: not a valid amount",
        ),
        (
            ["P90001", "G9001", "Bad price", "dresses", "Luma", "-5.00", "1.00"],
            "list_price: not above 0",
        ),
        (
            ["P90002", "G9002", "Bad cost", "dresses", "Luma", "10.00", "abc"],
            "unit_cost: not a valid amount",
        ),
    ],
    "orders": [
        # an offset would be dropped by a cast: not the contract's UTC format
        (
            [
                "O9000003",
                "C000001",
                "",
                "webshop",
                "",
                "2025-05-01T10:00:00+02:00",
                "completed",
                "",
                "0.00",
            ],
            "ordered_at: not a valid timestamp",
        ),
        (
            ["O9000001", "C000001", "", "webshop", "", "yesterday", "completed", "", "0.00"],
            "ordered_at: not a valid timestamp",
        ),
        (
            [
                "O9000002",
                "C000001",
                "",
                "webshop",
                "",
                "2025-05-01 10:00:00",
                "refunded",
                "",
                "0.00",
            ],
            "status: not completed or cancelled",
        ),
    ],
    "order_lines": [
        (
            ["L90000001", "O9000001", "P00001", "1", "10.00", "0.00", ""],
            "order_id: orders row quarantined (ordered_at: not a valid timestamp)",
        ),
        (
            ["L90000002", "O9000002", "P00001", "1", "10.00", "0.00", ""],
            "order_id: orders row quarantined (status: not completed or cancelled)",
        ),
        (
            ["L90000003", "O_MISSING", "P00001", "1", "10.00", "0.00", ""],
            "order_id: not found in orders",
        ),
        (["L90000004", "O0000001", "P00001", "0", "10.00", "0.00", ""], "quantity: not above 0"),
        (["L90000005", "O0000001", "P00001", "", "10.00", "0.00", ""], "quantity: missing"),
    ],
    "sessions": [
        (
            [
                "S9000003",
                "V1",
                "C999999",
                "2025-05-01 10:00:00",
                "10",
                "1",
                "0",
                "desktop",
                "direct",
                "",
                "/",
            ],
            "customer_id: not found in customers",
        ),
        (
            [
                "S9000001",
                "",
                "",
                "2025-05-01 10:00:00",
                "10",
                "1",
                "0",
                "desktop",
                "direct",
                "",
                "/",
            ],
            "visitor_id: missing",
        ),
        (
            [
                "S9000002",
                "V1",
                "",
                "2025-05-01 10:00:00",
                "10",
                "1",
                "0",
                "smart_tv",
                "direct",
                "",
                "/",
            ],
            "device_category: not desktop, mobile or tablet",
        ),
    ],
    "nps_responses": [
        # 9.5 would round into a promoter's 10
        (
            ["N900001", "C000001", "", "periodic", "2025-05-01 10:00:00", "9.5"],
            "score: not a valid integer",
        ),
    ],
    "returns": [
        (
            ["R9000001", "L00000001", "99", "wrong_size", "2025-01-10 10:00:00", "", "10.00"],
            "quantity: returns of the line exceed its quantity",
        ),
    ],
    "shipments": [
        (
            [
                "SH9000001",
                "O0000001",
                "WH01",
                "late",
                "batch",
                "PostNL",
                "2025-01-02 10:00:00",
                "2025-01-03",
                "2025-01-01 10:00:00",
                "1",
                "",
                "5.00",
            ],
            "delivered_at: before shipped_at",
        ),
        (
            [
                "SH9000002",
                "O0000001",
                "WH01",
                "late",
                "batch",
                "PostNL",
                "2025-01-02 10:00:00",
                "2025-01-03",
                "",
                "0",
                "",
                "-1.00",
            ],
            "shipping_cost: negative",
        ),
    ],
}


@pytest.fixture(scope="module")
def bad_rows_build(workdir: Path) -> Build:
    folder = write_exports(workdir / "bad_rows")
    for table, cases in BAD_ROWS.items():
        append_rows(folder, table, [row for row, _ in cases])
    # an exact copy of an existing order: one copy is kept, the other rejected
    first_order = read_rows(folder, "orders")[0]
    append_rows(folder, "orders", [[first_order[c] for c in columns("orders")]])
    # a valid product with a 10,000-character name: kept, nothing crashes
    append_rows(
        folder, "products", [["P90003", "G9003", LONG_TEXT, "home", "Kade", "12.00", "5.00"]]
    )
    # reordered columns and an extra column: read by name, extra ignored
    stores = read_rows(folder, "stores")
    for row in stores:
        row["manager"] = "someone"
    write_rows(folder, "stores", stores, ["city", "manager", "store_name", "store_id"])
    # a UTF-8 byte order mark and Windows line endings
    text = (folder / "warehouses.csv").read_text(encoding="utf-8")
    (folder / "warehouses.csv").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    return Build(folder, workdir / "bad_rows.duckdb")


def test_bad_rows_do_not_crash_the_build(bad_rows_build: Build) -> None:
    assert bad_rows_build.result.success, bad_rows_build.messages


@pytest.mark.parametrize(
    ("table", "row", "rule"),
    [(t, row, rule) for t, cases in BAD_ROWS.items() for row, rule in cases],
    ids=lambda v: v if isinstance(v, str) and len(v) < 40 else None,
)
def test_bad_row_is_quarantined_with_its_rule(bad_rows_build: Build, table, row, rule) -> None:
    key_column = RAW_TABLES[table][0][0]
    key = row[columns(table).index(key_column)] or "∅"
    found = bad_rows_build.query(
        "select rule_broken, raw_row from marts.dq_rejected_rows "
        f"where source_table = '{table}' and row_key = '{key}'"
    )
    assert (rule,) in [(r[0],) for r in found], found


def test_exact_duplicate_is_quarantined_once(bad_rows_build: Build) -> None:
    rows = bad_rows_build.query(
        "select count(*) from marts.dq_rejected_rows "
        "where source_table = 'orders' and rule_broken = 'order_id: duplicate'"
    )
    assert rows == [(1,)]


def test_quarantine_holds_exactly_the_injected_rows(bad_rows_build: Build) -> None:
    """Nothing else: no row of the clean demo exports is rejected."""
    counts = dict(
        bad_rows_build.query("select source_table, count(*) from marts.dq_rejected_rows group by 1")
    )
    expected = {t: len(cases) for t, cases in BAD_ROWS.items()}
    expected["orders"] += 1  # the exact copy
    assert counts == expected


def test_long_text_reordered_columns_and_bom_pass(bad_rows_build: Build) -> None:
    assert bad_rows_build.query(
        "select length(product_name) from staging.stg_shop__products where product_id = 'P90003'"
    ) == [(10_000,)]
    assert bad_rows_build.query("select count(*) from staging.stg_pos__stores") == [(2,)]
    assert bad_rows_build.query(
        "select warehouse_id, operator from staging.stg_warehouse__warehouses order by 1"
    ) == [("WH01", "own"), ("WH02", "partner")]


def test_no_clear_text_email_in_the_quarantine(bad_rows_build: Build) -> None:
    leaked = bad_rows_build.query(
        "select raw_row from marts.dq_rejected_rows where raw_row like '%@%'"
    )
    assert leaked == []


def test_exports_build_the_same_marts_as_the_seeds(bad_rows_build: Build, seed_marts) -> None:
    """The demo as CSV exports (with the bad rows above, quarantined; columns
    reordered, a byte order mark) builds the same marts as the embedded seeds."""
    assert {kpi.mart for kpi in load_catalogue(SEEDS.parents[1])} <= set(seed_marts)
    assert bad_rows_build.marts() == seed_marts


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
    return Build(folder, workdir / "garbage.duckdb")


def test_garbage_feed_stops_the_build_with_a_clear_message(garbage_build: Build) -> None:
    assert not garbage_build.result.success
    message = garbage_build.messages
    assert "Quarantine limit exceeded for raw table 'orders'" in message
    assert "ordered_at: not a valid timestamp" in message
    assert "e.g. O" in message
    assert "Quarantine limit exceeded for raw table 'sessions'" in message
    assert "file: missing column landing_page" in message


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
        "kpi_reach_impressions",
        "kpi_click_through_rate",
        "kpi_net_promoter_score",
        "kpi_catalogue",
    }


def test_threshold_is_configurable(workdir: Path, garbage_build: Build) -> None:
    folder = workdir / "garbage"  # the exports of the garbage build
    assert folder.exists()
    build = Build(folder, workdir / "garbage_lenient.duckdb", {"dq_max_rejected_share": 1})
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
    (folder / "store_traffic.csv").write_bytes(b"")  # an empty file
    header = ",".join(columns("ad_performance")) + "\n"
    (folder / "ad_performance.csv").write_text(header)  # a header only
    return Build(folder, workdir / "absent.duckdb")


def test_absent_and_empty_sources_build(absent_build: Build, seed_marts: dict) -> None:
    assert absent_build.result.success, absent_build.messages
    marts = absent_build.marts()
    for empty in ("kpi_net_promoter_score", "kpi_reach_impressions", "kpi_click_through_rate"):
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
    build = Build(folder, workdir / "webshop_only.duckdb")
    assert build.result.success, build.messages
    assert build.query("select count(*) from marts.kpi_store_conversion_rate") == [(0,)]
    assert build.query("select distinct location from marts.kpi_visitors_per_day") == [("webshop",)]
    assert build.query("select count(*) from marts.dq_rejected_rows") == [(0,)]


# ------------------------------------------------------------------ vars that reach SQL


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"as_of_date": "2025-01-01'; drop table x; --"}, "as_of_date must be a date"),
        ({"as_of_date": "2025-02-30"}, "as_of_date must be a date"),
        ({"raw_data_path": "/tmp/x'); select 1; --"}, "raw_data_path must be a plain folder"),
        (
            {"churn_inactivity_days": "180 or 1=1"},
            "churn_inactivity_days must be a positive number",
        ),
        ({"reporting_timezone": "UTC'; --"}, "IANA time zone"),
        (
            {"kpi_target_overrides": {"return_rate": {"alert_threshold": "0.3 or 1=1"}}},
            "var kpi_target_overrides needs",
        ),
        (
            {"kpi_catalogue": [{"kpi_name": "return_rate", "label": "x' or '1'='1"}]},
            "label must not contain a quote",
        ),
    ],
)
def test_malicious_vars_are_rejected(variables: dict, message: str, tmp_path: Path) -> None:
    result = run_dbt(
        [
            "compile",
            "--target",
            "lint",
            "--select",
            "kpi_churn_rate int_as_of_date stg_shop__orders kpi_catalogue",
            "--vars",
            json.dumps(variables),
        ],
        target_path=tmp_path,
    )
    assert not result.success
    assert message in result.output


def test_marts_read_no_base_or_raw_model(ci_build: CiBuild) -> None:
    """Only staging models (quarantine passed) feed intermediate models and marts."""
    nodes = ci_build.manifest["nodes"]
    offenders = []
    for node in nodes.values():
        if node["resource_type"] != "model":
            continue
        if node["name"].startswith(("stg_", "base_")):
            continue
        if node["name"] in ("dq_rejected_rows", "dq_table_summary"):
            continue
        for parent in node["depends_on"]["nodes"]:
            parent_name = parent.split(".")[-1]
            if parent_name.startswith(("base_", "raw_")):
                offenders.append(f"{node['name']} <- {parent_name}")
    assert offenders == []
