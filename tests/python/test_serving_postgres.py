"""The PostgreSQL serving layer, on a real server started for the tests.

(a) readers querying the serving schema while two full builds and publishes
run see no error and only complete copies; (b) the BI role can read the
serving schema and nothing else, and write nothing; (c) a failed build, or a
publish failing half-way, leaves the serving schema as it was; (d) the
published rows equal the DuckDB marts.
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter
from pathlib import Path

import duckdb
import psycopg
import pytest
from conftest import ROOT, CiBuild, Serving, build_with_vars, copy_database

from ecommerce_kpis.catalogue import mart_models
from ecommerce_kpis.cli import main
from ecommerce_kpis.publish import NOT_PUBLISHED, PublishRefused, publish
from ecommerce_kpis.serve_postgres import UnsupportedType, pg_type, publish_postgres

# dbt builds of its own (make check leaves the module out)
pytestmark = pytest.mark.slow

NUMERIC = ("BIGINT", "INTEGER", "DOUBLE", "DECIMAL")


@pytest.fixture(scope="module")
def source(ci_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the CI database (same file name, so its views resolve)."""
    return copy_database(ci_database, tmp_path_factory.mktemp("serving_source"))


@pytest.fixture(scope="module")
def served(serving: Serving, source: Path, ci_build: CiBuild) -> str:
    """The CI marts published once (descriptions from the build's manifest);
    returns the publish id."""
    report = publish_postgres(
        source,
        conninfo=serving.publisher_dsn,
        reader_password=serving.reader_password,
        manifest=ci_build.target_path / "manifest.json",
    )
    assert report.retired_dropped
    return report.publish_id


def live_publish_id(serving: Serving) -> str:
    with psycopg.connect(serving.reader_dsn) as reader:
        ids = reader.execute("select distinct publish_id from kpi.published_tables").fetchall()
    assert len(ids) == 1
    return ids[0][0]


def duckdb_profile(database: Path) -> dict[str, dict[str, object]]:
    """Per BI table: its row count, and per column a sum (numbers) or a non-null count."""
    con = duckdb.connect()
    con.execute(f"attach '{database}' as \"{database.stem}\" (read_only)")
    tables = [
        t
        for (t,) in con.execute(
            "select table_name from information_schema.tables where table_catalog = ? "
            "and table_schema = 'marts' and table_name != 'dq_rejected_rows'",
            [database.stem],
        ).fetchall()
    ]
    profile = {}
    for table in tables:
        columns = con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_catalog = ? and table_schema = 'marts' and table_name = ?",
            [database.stem, table],
        ).fetchall()
        profile[table] = _profile(
            lambda q, t=table: con.execute(q.format(table=f'"{database.stem}".marts."{t}"')),
            columns,
        )
    con.close()
    return profile


def postgres_profile(dsn: str, tables: list[str]) -> dict[str, dict[str, object]]:
    profile = {}
    with psycopg.connect(dsn) as pg:
        for table in tables:
            columns = pg.execute(
                "select column_name, upper(data_type) from information_schema.columns "
                "where table_schema = 'kpi' and table_name = %s",
                [table],
            ).fetchall()
            columns = [
                (name, "DOUBLE" if kind in ("DOUBLE PRECISION", "NUMERIC") else kind)
                for name, kind in columns
            ]
            profile[table] = _profile(
                lambda q, t=table: pg.execute(q.format(table=f'kpi."{t}"')), columns
            )
    return profile


def _profile(run, columns) -> dict[str, object]:
    parts = ["count(*)"]
    for name, kind in columns:
        numeric = kind.startswith(NUMERIC)
        parts.append(f'sum("{name}")::double precision' if numeric else f'count("{name}")')
    values = run("select " + ", ".join(parts) + " from {table}").fetchone()
    return {
        "rows": values[0],
        **{name: v for (name, _), v in zip(columns, values[1:], strict=True)},
    }


def test_published_rows_equal_the_duckdb_marts(serving: Serving, source: Path, served: str) -> None:
    expected = duckdb_profile(source)
    # every model of models/marts but raw source rows
    assert set(expected) == mart_models(ROOT) - NOT_PUBLISHED
    actual = postgres_profile(serving.reader_dsn, sorted(expected))
    for table, columns in expected.items():
        assert set(actual[table]) == set(columns), table
        for column, value in columns.items():
            got = actual[table][column]
            if isinstance(value, float):
                assert math.isclose(got, value, rel_tol=1e-9, abs_tol=1e-9), (table, column)
            else:
                assert got == value, (table, column)
    with psycopg.connect(serving.reader_dsn) as reader:
        counts = dict(reader.execute("select table_name, row_count from kpi.published_tables"))
        kinds = dict(
            reader.execute(
                "select column_name, data_type || coalesce('(' || numeric_precision || ','"
                " || numeric_scale || ')', '') from information_schema.columns "
                "where table_schema = 'kpi' and table_name = 'kpi_average_order_value'"
            )
        )
        comment = reader.execute(
            "select obj_description('kpi.kpi_conversion_rate'::regclass)"
        ).fetchone()[0]
    assert counts == {table: columns["rows"] for table, columns in expected.items()}
    assert kinds["net_revenue"] == "numeric(18,2)"
    assert kinds["orders"] == "bigint(64,0)"
    assert kinds["average_order_value"] == "double precision"
    assert kinds["date_day"] == "date"
    assert comment and "conversion" in comment.lower()


def test_bi_role_reads_the_serving_schema_only(serving: Serving, served: str) -> None:
    with psycopg.connect(serving.admin_dsn, autocommit=True) as admin:
        # stand-in for data that lives beside the serving schema
        admin.execute("create schema if not exists private")
        admin.execute("create table if not exists private.customers (email text)")
        admin.execute("insert into private.customers values ('someone@example.com')")
        attributes = admin.execute(
            "select rolsuper, rolcreatedb, rolcreaterole, rolcanlogin from pg_roles "
            "where rolname = %s",
            [serving.reader],
        ).fetchone()
    assert attributes == (False, False, False, True)

    forbidden = [
        "insert into kpi.dim_channel (channel) values ('x')",
        "update kpi.kpi_scorecard set value = 0",
        "delete from kpi.dim_date",
        "truncate kpi.kpi_alerts",
        "drop table kpi.kpi_conversion_rate",
        "create table kpi.mine (a int)",
        "create table public.mine (a int)",
        "create temporary table mine (a int)",
        "create schema mine",
        "select * from private.customers",
        "alter table kpi.dim_date add column x int",
    ]
    with psycopg.connect(serving.reader_dsn, autocommit=True) as reader:
        assert reader.execute("select count(*) from kpi.kpi_scorecard").fetchone()[0] > 0
        for statement in forbidden:
            # even a read-write transaction cannot: privileges stop it
            with pytest.raises(psycopg.errors.InsufficientPrivilege), reader.transaction():
                reader.execute("set transaction read write")
                reader.execute(statement)
        visible = {
            schema
            for (schema,) in reader.execute(
                "select table_schema from information_schema.tables "
                "where table_schema not in ('pg_catalog', 'information_schema')"
            )
        }
    # information_schema lists only what the role may use
    assert visible == {"kpi"}


def test_a_failed_build_leaves_the_serving_schema_unchanged(
    serving: Serving, source: Path, served: str, failed_build_results: Path
) -> None:
    before = live_publish_id(serving)
    with pytest.raises(PublishRefused, match="did not pass"):
        publish_postgres(source, conninfo=serving.publisher_dsn, run_results=failed_build_results)
    code = main(
        [
            "publish-postgres",
            "--database",
            str(source),
            "--run-results",
            str(failed_build_results),
        ]
    )
    assert code == 1
    assert live_publish_id(serving) == before


def test_a_publish_failing_half_way_changes_nothing(
    serving: Serving, source: Path, served: str
) -> None:
    before = live_publish_id(serving)
    loaded: list[str] = []

    def fail_after_five(table: str) -> None:
        loaded.append(table)
        if len(loaded) == 5:
            raise ConnectionError("network lost half-way")

    with pytest.raises(ConnectionError):
        publish_postgres(source, conninfo=serving.publisher_dsn, after_table=fail_after_five)
    assert live_publish_id(serving) == before
    with psycopg.connect(serving.admin_dsn) as admin:
        schemas = {s for (s,) in admin.execute("select nspname from pg_namespace")}
    assert not [s for s in schemas if s.startswith("kpi__")]


def test_unmapped_types_are_refused_by_name() -> None:
    assert pg_type("DECIMAL(18,2)", "t.c") == "numeric(18,2)"
    assert pg_type("DOUBLE", "t.c") == "double precision"
    with pytest.raises(UnsupportedType, match=r"marts.kpi_x.tags has DuckDB type VARCHAR\[\]"):
        pg_type("VARCHAR[]", "marts.kpi_x.tags")


def test_bad_schema_names_are_refused(source: Path, serving: Serving) -> None:
    with pytest.raises(ValueError, match="schema"):
        publish_postgres(source, conninfo=serving.publisher_dsn, schema="kpi; drop table x")


class Reader(threading.Thread):
    """Queries the serving schema in a loop, one statement per read.

    Each read returns, in one snapshot, the manifest of the publish it sees
    and the real row count of every table: a complete copy has one publish id
    and every count equal to the manifest.
    """

    def __init__(self, dsn: str, tables: list[str]) -> None:
        super().__init__(daemon=True)
        self.dsn = dsn
        actual = " union all ".join(
            f"select '{t}' as table_name, count(*) as n from kpi.\"{t}\"" for t in tables
        )
        self.query = (
            "select p.publish_id, p.table_name, p.row_count, a.n "
            f"from kpi.published_tables as p full join ({actual}) as a using (table_name)"
        )
        self.stop = threading.Event()
        self.reads = 0
        self.errors: list[str] = []
        self.incomplete: list[object] = []
        self.seen: Counter[str] = Counter()

    def run(self) -> None:
        with psycopg.connect(self.dsn, autocommit=True) as reader:
            while not self.stop.is_set():
                try:
                    rows = reader.execute(self.query).fetchall()
                except psycopg.Error as error:
                    self.errors.append(repr(error))
                    time.sleep(0.05)
                    continue
                ids = {row[0] for row in rows}
                if len(ids) != 1 or any(row[2] != row[3] for row in rows):
                    self.incomplete.append(rows)
                self.seen.update(ids)
                self.reads += 1
                time.sleep(0.01)  # a busy dashboard, not a denial of service


def test_readers_see_old_or_new_complete_data_during_two_rebuilds(
    serving: Serving, source: Path, served: str, ci_build: CiBuild, tmp_path: Path
) -> None:
    """Two publishes of real builds to PostgreSQL and to the files while
    readers read both: a rebuild with the as-of date moved back (fewer
    scorecard rows), run while the readers read, then the session's build.
    A publish takes a narrowed build whose nodes all passed."""
    files = tmp_path / "published"
    publish(source, files)
    with psycopg.connect(serving.reader_dsn) as pg:
        tables = [t for (t,) in pg.execute("select table_name from kpi.published_tables")]
    reader = Reader(serving.reader_dsn, tables)
    file_reads, file_errors = [0], []
    file_stop = threading.Event()

    def read_files() -> None:
        while not file_stop.is_set():
            try:
                con = duckdb.connect(str(files / "ecommerce_kpis.duckdb"), read_only=True)
                con.execute("select count(*) from kpi_scorecard").fetchone()
                parquet = (files / "parquet" / "kpi_scorecard.parquet").as_posix()
                con.execute(f"select count(*) from read_parquet('{parquet}')").fetchone()
                con.close()
                file_reads[0] += 1
                time.sleep(0.05)
            except Exception as error:
                file_errors.append(repr(error))

    file_reader = threading.Thread(target=read_files, daemon=True)
    reader.start()
    file_reader.start()
    # a copy of the session's build, rebuilt from the as-of date on: what
    # the moved date changes, and its tests
    rebuilt = copy_database(ci_build.database, tmp_path / "rebuild")
    published_ids = [served]
    scorecard_rows = []
    try:
        build = build_with_vars(
            rebuilt,
            {"as_of_date": "2026-01-31"},
            tmp_path / "target",
            ("--select", "int_as_of_date+"),
        )
        assert build.success, build.output[-3000:]
        for database, target in ((rebuilt, tmp_path / "target"), (source, ci_build.target_path)):
            results = target / "run_results.json"
            report = publish_postgres(
                database,
                conninfo=serving.publisher_dsn,
                run_results=results,
                manifest=target / "manifest.json",
            )
            publish(database, files, results)
            published_ids.append(report.publish_id)
            scorecard_rows.append(report.tables["kpi_scorecard"])
            time.sleep(1)  # let the readers see this copy
    finally:
        reader.stop.set()
        file_stop.set()
        reader.join(timeout=30)
        file_reader.join(timeout=30)
    print(
        f"\npostgres reader: {reader.reads} reads, {len(reader.errors)} errors, "
        f"{len(reader.incomplete)} incomplete, copies seen {dict(reader.seen)}; "
        f"file reader: {file_reads[0]} reads, {len(file_errors)} errors"
    )
    assert scorecard_rows[0] < scorecard_rows[1]
    assert reader.errors == []
    assert reader.incomplete == []
    assert set(reader.seen) == set(published_ids)
    assert reader.reads > 100
    assert file_errors == []
    assert file_reads[0] > 10
    assert live_publish_id(serving) == published_ids[-1]
