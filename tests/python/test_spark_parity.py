"""Spark parity: the same project built on Spark gives the same tables.

The tests marked `spark` build one copy of the project, the embedded demo data
plus bad rows (BAD_ROWS), twice: whole with `--target ci` on DuckDB, and
with `dbt build --target spark` (a local Spark inside the dbt process, see
profiles.yml): every seed, model and unit test, and one data test of each kind
(`data_test_sample`, D86). The DuckDB build leaves the unit tests out: they
read their own given rows, and the CI build ran them on DuckDB. Every node must end with the same status on both,
and every table of the raw, staging, intermediate
and marts schemas must be equal, row for row, the quarantine included. One pair of builds: the demo rows are all in the copy, so the
clean data and the bad rows are compared at once.
They run in `make test` through `make test-spark`, which installs the
optional Spark dependencies first. The comparer itself is tested without
Spark.
"""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT, DbtRun, copy_project, run_dbt

from ecommerce_kpis.catalogue import load as load_catalogue
from kpi_devtools.spark_parity import compare, compare_table, data_test_sample, spark_tables

# --- bad input: the quarantine on both engines -----------------------------

# Rows appended to a copy of the demo seeds. Each one takes a path of the
# base models where the engines differ: format checks (regexes), try_cast of
# text that passes the format but is no value, PII hashing, duplicate ranking
# (ties broken by the raw row), orphans, the raw row as text with quotes,
# commas and non-ASCII, and valid rows on the daylight-saving edges.
BAD_ROWS: dict[str, list[dict[str, str]]] = {
    "sessions": [
        {"session_id": "S9000001", "session_start_at": "2025-13-45 10:00:00"},
        {"session_id": "S9000002", "session_start_at": "2025-03-01T10:00:00+01:00"},
        {"session_id": "S9000003", "duration_seconds": "1.5"},
        {"session_id": "S9000004", "pageviews": "0"},
        {"session_id": "S9000005", "channel": "Carrier Pigeon"},
        # the same key and start time as S0000001: the raw row breaks the tie
        {"session_id": "S0000001", "visitor_id": "V0000001"},
        {
            "session_id": "S9000007",
            "customer_id": "C999999",
            "landing_page": 'a "quoted", text, ü €',
        },
        {"session_id": "S9000008", "session_start_at": "2025-03-30 01:30:00"},
        {"session_id": "S9000009", "session_start_at": "2025-10-26 00:59:59"},
        {"session_id": "S9000010", "visitor_id": "", "duration_seconds": " 42 "},
        {"session_id": "S9000011", "session_start_at": "2025-02-29 10:00:00"},
    ],
    "orders": [
        {"order_id": "O9000001", "shipping_fee": "4.955"},
        {"order_id": "O9000002", "customer_id": "C999999"},
        {"order_id": "O9000003", "status": "lost"},
        {"order_id": "O0000001", "shipping_fee": "9.99"},
        {"order_id": "O9000005", "ordered_at": "2025-02-29 10:00:00"},
        {"order_id": "O9000006", "ordered_at": "2025-01-01 24:00:00"},
    ],
    "order_lines": [
        {"order_line_id": "L9000001", "quantity": "0"},
        {"order_line_id": "L9000002", "unit_price": "abc"},
        {"order_line_id": "L9000003", "order_id": "O9999999"},
        {"order_line_id": "L9000004", "order_id": "O9000002"},
    ],
    "customers": [
        {"customer_id": "C900001", "email": "  Anna.Smit1@Example.COM "},
        {"customer_id": "C900002", "country_code": "NLD"},
        {"customer_id": "C900003", "created_at": ""},
        {"customer_id": "C000001", "customer_type": "b2b"},
    ],
    "returns": [
        {"return_id": "R9000001", "refund_amount": "-5"},
        {"return_id": "R9000002", "order_line_id": "L9999999"},
    ],
    "product_views": [
        {"view_id": "PV9000001", "session_id": "S9000004"},
        {"view_id": "PV9000002", "product_id": "P99999"},
        {"view_id": "PV9000003", "viewed_at": "2025-02-29 10:00:00"},
    ],
    "nps_responses": [
        {"response_id": "N900001", "score": "11"},
        {"response_id": "N900002", "score": "7.5"},
    ],
    "email_events": [
        {"event_id": "EE9000001", "recipient_id": "  Anna.Smit1@Example.COM "},
        {"event_id": "EE9000002", "event_type": "forwarded"},
        {"event_id": "EE9000003", "campaign_id": "EM99"},
        # valid: upper-cased type, an open stamped before the first delivery
        {"event_id": "EE9000004", "event_type": " OPENED ", "event_at": "2025-01-16 07:59:00"},
    ],
}


def write_bad_project(folder: Path) -> Path:
    """A copy of the project whose demo seeds carry BAD_ROWS, each row the
    table's first demo row with the given columns changed."""
    project = copy_project(folder)
    for table, changes in BAD_ROWS.items():
        seed = project / "seeds" / "raw" / f"raw_{table}.csv"
        with seed.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header, first = reader.fieldnames, next(reader)
        with seed.open("a", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
            writer.writerows({**first, **change} for change in changes)
    return project


# JIT compilation in one tier only (C1) and one garbage-collector thread: in
# a build of a few minutes on small tables the JVM's optimising compiler
# (C2) and parallel GC spent CPU that never paid back (D92: about 60
# CPU-seconds of 330)
SHORT_BUILD_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"

# what the Spark build runs whole; of the data tests, a sample (D86)
SPARK_NODES = tuple(
    f"resource_type:{kind}" for kind in ("seed", "model", "unit_test", "saved_query", "exposure")
)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[DbtRun, DbtRun, Path, Path]:
    """The bad-input project copy built whole on DuckDB and on a fresh local Spark."""
    folder = tmp_path_factory.mktemp("spark")
    project = write_bad_project(folder)
    database = folder / "bad_input.duckdb"
    # unit tests read their own given rows, never the data: on DuckDB the
    # CI build ran them (make dbt-ci); here they run on Spark only
    on_duckdb = run_dbt(
        ["build", "--target", "ci", "--exclude-resource-type", "unit_test"],
        env={"KPI_CI_DUCKDB_PATH": str(database)},
        target_path=folder / "target_duckdb",
        project_dir=project,
    )
    # every seed, model and unit test, and one data test of each kind (D86)
    sample = data_test_sample(json.loads((folder / "target_duckdb" / "manifest.json").read_text()))
    started = time.monotonic()
    on_spark = run_dbt(
        [
            "build",
            "--target",
            "spark",
            "--select",
            *SPARK_NODES,
            *sample,
            "--indirect-selection",
            "empty",
        ],
        # one process into a fresh folder: no metastore needed (profiles.yml);
        # a JVM for a short build of small tables (D92)
        env={
            "KPI_SPARK_DIR": str(folder / "spark"),
            "KPI_SPARK_CATALOG": "in-memory",
            "KPI_SPARK_JAVA_OPTIONS": SHORT_BUILD_JVM,
            # on tables of a few thousand rows, compiling each query's Java
            # costs more than it saves (D94)
            "KPI_SPARK_WHOLE_STAGE_CODEGEN": "false",
        },
        target_path=folder / "target_spark",
        project_dir=project,
    )
    print(f"\ndbt build --target spark: {time.monotonic() - started:.0f} s")
    return on_duckdb, on_spark, database, folder / "spark" / "warehouse"


@pytest.mark.spark
def test_spark_build_passes_every_node(builds) -> None:
    on_duckdb, on_spark, _, _ = builds
    assert on_duckdb.success, f"dbt build on DuckDB failed:\n{on_duckdb.output[-3000:]}"
    assert on_spark.success, f"dbt build on Spark failed:\n{on_spark.output[-5000:]}"
    statuses = {r["unique_id"]: r["status"] for r in on_spark.results}
    on_duckdb_statuses = {r["unique_id"]: r["status"] for r in on_duckdb.results}
    # the Spark build ran every node of the DuckDB build but the data tests
    # left out of the sample, and each ended the same; and every unit test
    # of the project, each passed (as in the CI build on DuckDB)
    manifest = json.loads((on_duckdb.target_path / "manifest.json").read_text())
    sample = set(data_test_sample(manifest))
    expected = {
        node
        for node in on_duckdb_statuses
        if not node.startswith("test.") or node.split(".")[2] in sample
    }
    assert not any(node.startswith("unit_test.") for node in on_duckdb_statuses)
    assert set(statuses) == expected | set(manifest["unit_tests"])
    assert {node: statuses[node] for node in expected} == {
        node: on_duckdb_statuses[node] for node in expected
    }
    assert {statuses[node] for node in manifest["unit_tests"]} == {"pass"}
    others = {
        node: status for node, status in statuses.items() if status not in ("success", "pass")
    }
    # saved queries and exposures are no-ops; two tests warn by design: the
    # open alerts of the demo, and the quarantine holding the bad rows
    warned = {node.split(".")[2] for node, status in others.items() if status == "warn"}
    assert warned == {"open_alerts_kpi_alerts_", "dq_no_rejected_rows_dq_rejected_rows_"}, others
    for node, status in others.items():
        if status != "warn":
            assert status == "no-op" and node.split(".")[0] in ("saved_query", "exposure"), (
                node,
                status,
            )
    kinds = {node.split(".")[0] for node in statuses}
    assert {"seed", "model", "test", "unit_test"} <= kinds
    assert sum(node.startswith("unit_test.") for node in statuses) >= 40


@pytest.mark.spark
def test_spark_tables_equal_the_duckdb_build(builds) -> None:
    on_duckdb, on_spark, database, warehouse = builds
    assert on_duckdb.success and on_spark.success, "see test_spark_build_passes_every_node"
    compared, problems = compare(database, warehouse)
    assert problems == []
    with duckdb.connect(str(database), read_only=True) as con:
        marts = {
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' and table_type = 'BASE TABLE'"
            ).fetchall()
        }
    assert {f"marts.{t}" for t in marts} <= set(compared)
    assert {f"marts.{kpi.mart}" for kpi in load_catalogue(ROOT)} <= set(compared)
    assert "raw.raw_sessions" in compared
    assert "marts.dq_rejected_rows" in compared


@pytest.mark.spark
def test_spark_quarantines_bad_input_as_duckdb_does(builds) -> None:
    _, _, database, _ = builds
    with duckdb.connect(str(database), read_only=True) as con:
        rejected = dict(
            con.execute(
                "select source_table, count(*) from marts.dq_rejected_rows group by all"
            ).fetchall()
        )
    # every bad row is quarantined (the DST and padded rows, and the early
    # e-mail open, are valid; an order line of a quarantined order follows it)
    assert rejected == {
        "sessions": 9,
        "orders": 6,
        "order_lines": 4,
        "customers": 3,
        "returns": 2,
        "nps_responses": 2,
        "product_views": 3,
        "email_events": 3,
    }


# --- the comparer, without Spark -------------------------------------------


@pytest.fixture()
def tables(tmp_path: Path):
    """A DuckDB connection with a table `d` and a Parquet copy `s` to alter."""
    con = duckdb.connect()
    con.execute(
        "create table d as select * from (values "
        "(date '2025-01-01', 'web', 3::bigint, 0.25::double, 10.10::decimal(18, 2)), "
        "(date '2025-01-01', 'web', 3::bigint, 0.25::double, 10.10::decimal(18, 2)), "
        "(date '2025-01-02', null, 0::bigint, null::double, 0.00::decimal(18, 2))"
        ") as t(date_day, channel, orders, ratio, amount)"
    )
    yield con, tmp_path
    con.close()


def _spark_side(con: duckdb.DuckDBPyConnection, folder: Path, select: str) -> str:
    path = (folder / "s.parquet").as_posix()
    con.execute(f"copy ({select}) to '{path}' (format parquet)")
    return f"read_parquet('{path}')"


def test_compare_accepts_equal_rows_in_any_order_within_tolerance(tables) -> None:
    con, folder = tables
    spark = _spark_side(
        con,
        folder,
        # other order, a relative difference of 4e-10, columns reordered
        "select amount, ratio * (1 + 4e-10) as ratio, orders, channel, date_day "
        "from d order by date_day desc",
    )
    assert compare_table(con, "t", "d", spark) == []


def test_compare_reports_a_number_beyond_the_tolerance(tables) -> None:
    con, folder = tables
    spark = _spark_side(
        con,
        folder,
        "select date_day, channel, orders, "
        "case when channel is null then null else ratio * (1 + 3e-9) end as ratio, amount "
        "from d",
    )
    problems = compare_table(con, "t", "d", spark)
    assert len(problems) == 1
    assert problems[0].startswith("t: ratio differs on 2 rows")


def test_compare_reports_null_against_a_value_and_a_lost_copy(tables) -> None:
    con, folder = tables
    spark = _spark_side(
        con,
        folder,
        # one of the two equal web rows lost; the NULL ratio became 0
        "select distinct date_day, channel, orders, coalesce(ratio, 0) as ratio, amount from d",
    )
    problems = compare_table(con, "t", "d", spark)
    assert any("1 rows only on DuckDB" in p for p in problems), problems
    assert any("ratio differs on 1 rows" in p for p in problems), problems


def test_compare_reports_a_key_value_and_a_column_type(tables) -> None:
    con, folder = tables
    changed = _spark_side(
        con,
        folder,
        "select date_day, coalesce(channel, '') as channel, orders, ratio, amount from d",
    )
    problems = compare_table(con, "t", "d", changed)
    assert any("1 rows only on DuckDB" in p for p in problems), problems
    assert any("1 rows only on Spark" in p for p in problems), problems
    retyped = _spark_side(
        con,
        folder,
        "select date_day, channel, cast(orders as double) as orders, ratio, amount from d",
    )
    assert compare_table(con, "t", "d", retyped) == [
        "t: column orders is BIGINT on DuckDB but DOUBLE on Spark"
    ]


def test_compare_lists_tables_missing_on_either_side(tmp_path: Path) -> None:
    database = tmp_path / "built.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.kpi_a as select 1 as n")
        con.execute("create table marts.kpi_b as select 1 as n")
        con.execute("create view marts.role_view as select * from marts.kpi_a")
    warehouse = tmp_path / "warehouse"
    for table in ("kpi_a", "kpi_c"):
        (warehouse / "marts.db" / table).mkdir(parents=True)
        with duckdb.connect() as con:
            con.execute(
                f"copy (select 1 as n) to '{warehouse}/marts.db/{table}/part-0.parquet' "
                "(format parquet)"
            )
    assert set(spark_tables(warehouse, "marts")) == {"kpi_a", "kpi_c"}
    compared, problems = compare(database, warehouse, ("marts",))
    assert compared == ["marts.kpi_a"]
    assert problems == ["marts.kpi_b: not built on Spark", "marts.kpi_c: only on Spark"]


def test_compare_takes_a_folder_without_files_as_an_empty_table(tmp_path: Path) -> None:
    """Spark may write no Parquet file for a table without rows (the demo's
    fx_rates): equal to an empty DuckDB table, a difference to a full one."""
    database = tmp_path / "built.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute("create schema raw")
        con.execute("create table raw.raw_empty (n integer)")
        con.execute("create table raw.raw_full as select 1 as n")
    for table in ("raw_empty", "raw_full"):
        (tmp_path / "warehouse" / "raw.db" / table).mkdir(parents=True)
    compared, problems = compare(database, tmp_path / "warehouse", ("raw",))
    assert compared == ["raw.raw_empty", "raw.raw_full"]
    assert problems == ["raw.raw_full: no rows on Spark, 1 on DuckDB"]


def test_the_sample_keeps_one_data_test_per_kind_and_every_singular_test() -> None:
    """Kinds: the generic test's name, its argument names, severity and
    whether it has a `where`; the first unique id of each kind is kept."""

    def generic(name: str, test: str, kwargs: dict, **config) -> tuple[str, dict]:
        node = {
            "name": name,
            "resource_type": "test",
            "test_metadata": {"name": test, "kwargs": {"model": "m", **kwargs}},
            "config": config,
        }
        return f"test.p.{name}.h", node

    nodes = dict(
        [
            generic("unique_b_id", "unique", {"column_name": "id"}),
            generic("unique_a_id", "unique", {"column_name": "id"}),
            # another argument set, severity or `where`: kinds of their own
            generic("rules_a", "row_rules", {"not_null": ["x"]}),
            generic("rules_b", "row_rules", {"not_null": ["x"], "ranges": {"y": {"max_value": 1}}}),
            generic("rules_c", "row_rules", {"not_null": ["y"]}),
            generic("rules_d", "row_rules", {"not_null": ["x"]}, severity="warn"),
            generic("rules_e", "row_rules", {"not_null": ["x"]}, where="x > 0"),
            ("test.p.assert_one.h", {"name": "assert_one", "resource_type": "test"}),
            ("test.p.assert_two.h", {"name": "assert_two", "resource_type": "test"}),
            ("model.p.m", {"name": "m", "resource_type": "model"}),
        ]
    )
    assert data_test_sample({"nodes": nodes}) == [
        "assert_one",
        "assert_two",
        "rules_a",
        "rules_b",
        "rules_d",
        "rules_e",
        "unique_a_id",
    ]
