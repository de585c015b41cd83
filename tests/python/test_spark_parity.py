"""Spark parity: the same project built on Spark gives the same tables.

The tests marked `spark` run `dbt build --target spark` (a local Spark inside
the dbt process, see profiles.yml) on the embedded demo data: every seed,
model, unit test and data test, as on DuckDB. Then every table of the raw,
reference and marts schemas must equal the DuckDB CI build, row for row.
They run in `make test` through `make test-spark`, which installs the
optional Spark dependencies first. The comparer itself is tested without
Spark.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pytest
from conftest import DbtRun, run_dbt

from ecommerce_kpis.spark_parity import compare, compare_table, spark_tables


@pytest.fixture(scope="module")
def spark_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[DbtRun, Path, float]:
    """One full `dbt build` on a fresh local Spark warehouse."""
    folder = tmp_path_factory.mktemp("spark")
    started = time.monotonic()
    result = run_dbt(
        ["build", "--target", "spark"],
        env={"KPI_SPARK_DIR": str(folder / "spark")},
        target_path=folder / "target",
    )
    seconds = time.monotonic() - started
    print(f"\ndbt build --target spark: {seconds:.0f} s")
    return result, folder / "spark" / "warehouse", seconds


@pytest.mark.spark
def test_spark_build_passes_every_node(spark_build) -> None:
    result, _, _ = spark_build
    assert result.success, f"dbt build on Spark failed:\n{result.output[-5000:]}"
    statuses = {r["unique_id"]: r["status"] for r in result.results}
    bad = {node: status for node, status in statuses.items() if status not in ("success", "pass")}
    # saved queries export nothing on Spark either: they are no-ops everywhere
    assert all(node.startswith("saved_query.") for node in bad), bad
    kinds = {node.split(".")[0] for node in statuses}
    assert {"seed", "model", "test", "unit_test"} <= kinds


@pytest.mark.spark
def test_spark_tables_equal_the_duckdb_build(spark_build, ci_database: Path) -> None:
    result, warehouse, _ = spark_build
    assert result.success, "the Spark build failed, see test_spark_build_passes_every_node"
    compared, problems = compare(ci_database, warehouse)
    assert problems == []
    with duckdb.connect(str(ci_database), read_only=True) as con:
        marts = {
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema = 'marts' and table_type = 'BASE TABLE'"
            ).fetchall()
        }
    assert {f"marts.{t}" for t in marts} <= set(compared)
    assert len([t for t in marts if t.startswith("kpi_")]) >= 25
    assert "raw.raw_sessions" in compared


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
