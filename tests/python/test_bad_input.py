"""Bad input: every bad row is quarantined, nothing is lost, nothing crashes.

The bad-row cases share one build of the exports (export_builds): they touch
different rows, each with its own id. So do the export-format cases: Parquet
files for some tables, reordered columns, a byte order mark, 8-bit
encodings, `;` and tab files with decimal commas and day-first dates (declared
in `_format.yml`), mixed line endings, blank lines. The reference for "the
same marts" is the session's build from the embedded seeds (conftest:
ci_build), the same demo data. File-level cases (a failing feed, absent
files, a shop without stores) are in test_broken_feeds; vars that reach SQL
are checked here without a build.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import duckdb
import pytest
import yaml
from conftest import CI_DATABASE_NAME, SEEDS, CiBuild, query, refused_vars
from export_builds import Build, append_rows, read_rows, write_exports, write_rows

from ecommerce_kpis.catalogue import load as load_catalogue
from ecommerce_kpis.schema import RAW_TABLES, columns, raw_table, raw_tables

# dbt builds of its own (make check leaves the module out)
pytestmark = pytest.mark.slow

LONG_TEXT = "x" * 10_000


# a narrowed build runs only the tests whose every parent it builds (a
# reconciliation that reads an unselected mart would find no table)
@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("bad_input")


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
        # 10^17: beyond decimal(18,2), refused before anything sums it
        (
            ["L90000009", "O0000001", "P00001", "1", "100000000000000000", "0.00", ""],
            "unit_price: not a valid amount",
        ),
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
        # ragged lines: one field too many, one too few (11 in the header)
        (
            [
                "S9100001",
                "V1",
                "",
                "2025-05-01 10:00:00",
                "10",
                "1",
                "0",
                "desktop",
                "direct",
                "",
                "/",
                "extra",
            ],
            "file: 12 fields, header has 11",
        ),
        (
            ["S9100002", "V1", "", "2025-05-01 10:00:00", "10", "1", "0", "desktop", "direct", ""],
            "file: 10 fields, header has 11",
        ),
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
    "product_views": [
        # orphans: the view of a quarantined session follows it
        (
            ["PV9000001", "S9000001", "P00001", "2025-05-01 10:00:05"],
            "session_id: sessions row quarantined (visitor_id: missing)",
        ),
        (
            ["PV9000002", "S0000001", "P99999", "2025-05-01 10:00:05"],
            "product_id: not found in products",
        ),
        (
            ["PV9000003", "S0000001", "P00001", "2025-05-01 25:00:00"],
            "viewed_at: not a valid timestamp",
        ),
        (
            ["PV9000004", "", "P00001", "2025-05-01 10:00:05"],
            "session_id: missing",
        ),
    ],
    "nps_responses": [
        # 9.5 would round into a promoter's 10
        (
            ["N900001", "C000001", "", "periodic", "2025-05-01 10:00:00", "9.5"],
            "score: not a valid integer",
        ),
    ],
    "email_events": [
        # a clear e-mail address as the recipient: quarantined, its raw row hashed
        (
            ["EE9000001", "EM01", "anna.smit1@example.com", "", "opened", "2025-01-16 10:00:00"],
            "recipient_id: looks like an e-mail address",
        ),
        (
            ["EE9000002", "EM01", "P000001", "", "forwarded", "2025-01-16 10:00:00"],
            "event_type: not an allowed value",
        ),
        (
            ["EE9000003", "EM99", "P000001", "", "opened", "2025-01-16 10:00:00"],
            "campaign_id: not found in campaigns",
        ),
        # follows its quarantined customer (C900002, above)
        (
            ["EE9000004", "EM01", "P000002", "C900002", "opened", "2025-01-16 10:00:00"],
            "customer_id: customers row quarantined (country_code: not an ISO-3166 alpha-2 code)",
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


# exported as Parquet in the bad-rows build: one with bad rows, the others clean
PARQUET_TABLES = (
    "returns",
    "ad_performance",
    "campaigns",
    "marketing_costs",
    "promotions",
    "store_traffic",
)

# a Parquet table delivered as parts, one of them unreadable
PARTED_TABLE = "marketing_costs"

# The export format of tables of the bad-rows build, declared in its
# _format.yml: Excel-style exports of Dutch and Belgian shops.
EXPORT_FORMATS = {
    "products": {"encoding": "windows-1252"},
    "stores": {"encoding": "latin-1"},
    "shipments": {"delimiter": ";", "decimal_mark": ",", "dates": "day_first"},
    "fulfilment_costs": {"delimiter": "tab", "decimal_mark": ",", "dates": "day_first"},
}
# valid rows only an 8-bit file or a quoted field can carry
NEW_PRODUCTS = [
    ["P90010", "G9010", "Caf\u00e9 \u20ac No\u00ebl", "home", "Kade", "12.00", "5.00"],
    ["P90011", "G9011", 'Shirt "Deluxe"\r\nline 2', "tops", "Kade", "12.00", "5.00"],
]
NEW_STORE = {
    "store_id": "ST09",
    "store_name": "Li\u00e8ge F\u00e9ronstr\u00e9e",
    "city": "Li\u00e8ge",
}


def day_first(value: str, kind: str, separator: str) -> str:
    """An ISO date or timestamp of the demo as a day-first export writes it."""
    if kind == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        year, month, day = value.split("-")
        return separator.join((day, month, year))
    if kind == "timestamp" and re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", value):
        date, time = value.split(" ")
        return f"{day_first(date, 'date', separator)} {time}"
    return value


def write_in_export_format(folder: Path, table: str, separator: str) -> None:
    """Rewrite `table`.csv as declared in EXPORT_FORMATS: its delimiter,
    decimal commas and day-first dates (other values, bad ones included, as
    they were)."""
    declared = EXPORT_FORMATS[table]
    kinds = {c.name: c.kind for c in raw_table(table).columns}
    rows = read_rows(folder, table)
    for row in rows:
        for column, value in row.items():
            if kinds[column] == "decimal" and declared.get("decimal_mark") == ",":
                row[column] = value.replace(".", ",")
            elif declared.get("dates") == "day_first":
                row[column] = day_first(value, kinds[column], separator)
    delimiter = {"tab": "\t"}.get(declared["delimiter"], declared["delimiter"])
    with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=columns(table), delimiter=delimiter, lineterminator="\r\n"
        )
        writer.writeheader()
        writer.writerows(rows)


def write_export_variants(folder: Path) -> None:
    """Files as shops write them, each read as declared or as it is."""
    (folder / "_format.yml").write_text(yaml.safe_dump({"tables": EXPORT_FORMATS}))
    write_in_export_format(folder, "shipments", "-")
    write_in_export_format(folder, "fulfilment_costs", ".")
    # 8-bit encodings, declared: windows-1252 (with the euro sign) and latin-1
    append_rows(folder, "products", NEW_PRODUCTS)
    for table, encoding in (("products", "cp1252"), ("stores", "latin-1")):
        # bytes, not read_text: that would turn the quoted \r\n into \n
        text = (folder / f"{table}.csv").read_bytes().decode("utf-8")
        (folder / f"{table}.csv").write_bytes(text.encode(encoding))
    # line endings mixed in one file: every other line ends with \r\n
    lines = (folder / "orders.csv").read_text(encoding="utf-8").split("\n")
    mixed = [line + ("\r" if i % 2 else "") for i, line in enumerate(lines[:-1])]
    (folder / "orders.csv").write_text("\n".join(mixed) + "\n", encoding="utf-8")
    # blank lines at the end: not rows
    with (folder / "customers.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write("\n\r\n\n")


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
    write_rows(
        folder, "stores", [*stores, NEW_STORE], ["city", "manager", "store_name", "store_id"]
    )
    # a UTF-8 byte order mark and Windows line endings
    text = (folder / "warehouses.csv").read_text(encoding="utf-8")
    (folder / "warehouses.csv").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    write_export_variants(folder)
    # Parquet exports (bad rows included) beside CSV ones: each table is read
    # from the format it comes in
    con = duckdb.connect()
    for table in PARQUET_TABLES:
        csv_file = folder / f"{table}.csv"
        con.execute(
            f"copy (select * from read_csv('{csv_file.as_posix()}', all_varchar = true)) "
            f"to '{(folder / f'{table}.parquet').as_posix()}' (format parquet)"
        )
        csv_file.unlink()
    con.close()
    # a table as a folder of parts, one of them no Parquet file at all: the
    # part is one quarantined row, the other parts are read
    parts = folder / PARTED_TABLE
    parts.mkdir()
    (folder / f"{PARTED_TABLE}.parquet").rename(parts / "part-1.parquet")
    (parts / "part-2.parquet").write_bytes(b"PAR1" + b"cut off" * 10)
    return Build(folder, workdir / "bad_rows_build" / CI_DATABASE_NAME)


def test_bad_rows_do_not_crash_the_build(bad_rows_build: Build) -> None:
    assert bad_rows_build.result.success, bad_rows_build.messages


# the data tests that prove no row is lost; their parse-time parents include
# the source adapters' models, which a build without adapters leaves out
# (conftest.build_with_vars, D92): they must run all the same
GUARDS = ("quarantine_reconciles", "raw_rows_loaded", "quarantine_within_limit")


def test_a_build_without_adapters_runs_every_reconciliation(
    bad_rows_build: Build, ci_build: CiBuild
) -> None:
    manifest = ci_build.manifest
    guards = {
        unique_id
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] == "test"
        and (node.get("test_metadata") or {}).get("name") in GUARDS
    }
    # one reconciliation and one limit per raw table, a load check per
    # incremental one (the spec's incremental_date: sessions, product views,
    # orders, order lines, e-mail events, NPS answers)
    incremental = [t for t in raw_tables().values() if "incremental_date" in t.meta]
    assert len(guards) == 2 * len(RAW_TABLES) + len(incremental)
    ran = {r["unique_id"]: r["status"] for r in bad_rows_build.result.results}
    # a limit test warns for a table with rejected rows below the limit
    assert {g: ran.get(g, "not run") for g in guards if ran.get(g) not in ("pass", "warn")} == {}


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
    expected[PARTED_TABLE] = 1  # the unreadable part
    assert counts == expected


def test_an_unreadable_parquet_part_is_one_quarantined_row(bad_rows_build: Build) -> None:
    rules = bad_rows_build.query(
        f"select rule_broken from marts.dq_rejected_rows where source_table = '{PARTED_TABLE}'"
    )
    assert len(rules) == 1
    assert rules[0][0].startswith(
        "file: cannot be read: part-2.parquet is not a Parquet file DuckDB can open ("
    )
    assert "part-2.parquet is not a Parquet file" in bad_rows_build.messages  # the warning


def test_long_text_reordered_columns_and_bom_pass(bad_rows_build: Build) -> None:
    assert bad_rows_build.query(
        "select length(product_name) from staging.stg_shop__products where product_id = 'P90003'"
    ) == [(10_000,)]
    assert bad_rows_build.query("select count(*) from staging.stg_pos__stores") == [(3,)]
    assert bad_rows_build.query(
        "select warehouse_id, operator from staging.stg_warehouse__warehouses order by 1"
    ) == [("WH01", "own"), ("WH02", "partner")]


def test_8_bit_files_and_quoted_newlines_read_as_declared(bad_rows_build: Build) -> None:
    names = bad_rows_build.query(
        "select product_id, product_name from staging.stg_shop__products"
        " where product_id in ('P90010', 'P90011') order by 1"
    )
    assert names == [(row[0], row[2]) for row in NEW_PRODUCTS]
    assert bad_rows_build.query(
        "select store_name, city from staging.stg_pos__stores where store_id = 'ST09'"
    ) == [(NEW_STORE["store_name"], NEW_STORE["city"])]


@pytest.mark.parametrize("model", ["stg_warehouse__shipments", "stg_warehouse__fulfilment_costs"])
def test_delimiters_decimal_commas_and_day_first_dates_read_as_declared(
    bad_rows_build: Build, ci_database: Path, model: str
) -> None:
    """Every typed value of a table exported with `;` or tabs, decimal commas
    and day-first dates equals the seed build's."""
    # each database opened on its own: the staging views name their catalog,
    # which is the same file stem for both
    seeds, exports = (
        Counter(query(d, f"select * from staging.{model}"))
        for d in (ci_database, bad_rows_build.database)
    )
    assert sum(seeds.values()) > 0
    assert seeds == exports


def test_every_landed_row_is_clean_or_quarantined(bad_rows_build: Build) -> None:
    """raw = clean + rejected per table; blank lines are no rows; every
    record of a file, ragged ones included, is a raw row."""
    summary = bad_rows_build.query(
        "select source_table, raw_rows, clean_rows, rejected_rows from marts.dq_table_summary"
    )
    assert len(summary) == len(RAW_TABLES)
    assert [t for t, raw, clean, rejected in summary if raw != clean + rejected] == []
    raw_rows = {t: raw for t, raw, _, _ in summary}
    with (SEEDS / "raw_customers.csv").open(encoding="utf-8", newline="") as handle:
        seed_customers = sum(1 for _ in csv.DictReader(handle))
    assert raw_rows["customers"] == seed_customers + len(BAD_ROWS["customers"])


def test_no_clear_text_email_in_the_quarantine(bad_rows_build: Build) -> None:
    leaked = bad_rows_build.query(
        "select raw_row from marts.dq_rejected_rows where raw_row like '%@%'"
    )
    assert leaked == []


def test_exports_build_the_same_marts_as_the_seeds(bad_rows_build: Build, seed_marts) -> None:
    """The demo as CSV and Parquet exports (with the bad rows above,
    quarantined; columns reordered, a byte order mark) builds the same marts
    as the embedded seeds."""
    assert {kpi.mart for kpi in load_catalogue(SEEDS.parents[1])} <= set(seed_marts)
    assert not set(PARQUET_TABLES) - set(RAW_TABLES)
    exported = {p.stem for p in bad_rows_build.folder.glob("*.parquet")}
    exported |= {p.parent.name for p in bad_rows_build.folder.glob("*/*.parquet")}
    assert exported == set(PARQUET_TABLES)
    assert bad_rows_build.marts() == seed_marts


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
        (
            {"kpi_target_overrides": {"return_rate": {"maturity_days": 1.5}}},
            "maturity_days (>= 0) or alert_window_days (>= 1): whole days",
        ),
        (
            {"kpi_target_overrides": {"return_rate": {"alert_window_days": 0}}},
            "maturity_days (>= 0) or alert_window_days (>= 1): whole days",
        ),
        (
            {"kpi_catalogue": [{"kpi_name": "return_rate", "maturity_days": "7"}]},
            "maturity_days must be a whole number of days >= 0",
        ),
        (
            {"kpi_catalogue": [{"kpi_name": "return_rate", "alert_window_days": True}]},
            "alert_window_days must be a whole number of days >= 1",
        ),
        (
            {"segment_high_value_share": "0.2) or (1=1"},
            "segment_high_value_share must be a positive number",
        ),
        (
            {"segment_high_value_share": 0.7, "segment_medium_value_share": 0.5},
            "segment_medium_value_share must be at most 1, got 0.7 + 0.5",
        ),
    ],
)
def test_malicious_vars_are_rejected(variables: dict, message: str) -> None:
    select = "kpi_churn_rate int_as_of_date stg_shop__orders kpi_catalogue customer_value_segments"
    assert message in refused_vars(variables, select)


def test_a_malformed_format_file_stops_with_a_message_naming_the_setting(
    tmp_path: Path,
) -> None:
    folder = write_exports(tmp_path / "exports")
    (folder / "_format.yml").write_text("tables:\n  orders:\n    delimiter: '|'\n")
    refused = refused_vars({"raw_data_path": str(folder)}, "base_shop__orders")
    output = " ".join(refused.split())
    assert "export format of raw table orders" in output
    assert "_format.yml" in output
    assert "tables.orders.delimiter" in output


def test_marts_read_no_base_or_raw_model(ci_build: CiBuild) -> None:
    """Only staging models (quarantine passed) feed intermediate models and marts."""
    nodes = ci_build.manifest["nodes"]
    offenders = []
    for node in nodes.values():
        # the adapters' models read landed tables, and a report of one (the
        # GA4 order link) the orders as they came in: only what the KPIs read
        if node["resource_type"] != "model" or node["fqn"][1] not in ("intermediate", "marts"):
            continue
        if node["name"] in ("dq_rejected_rows", "dq_table_summary"):
            continue
        for parent in node["depends_on"]["nodes"]:
            parent_name = parent.split(".")[-1]
            if parent_name.startswith(("base_", "raw_")):
                offenders.append(f"{node['name']} <- {parent_name}")
    assert offenders == []
