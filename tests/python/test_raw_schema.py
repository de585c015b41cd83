"""var raw_schema: the raw tables read from a schema the user provides.

On DuckDB here (the same macro serves Spark, where it is the way to bring
your own data: see README "Running on Spark"). The demo seeds are put into
a schema of their own, sessions with typed columns as a warehouse would hold
them; the build must give the same marts as the CI build from the seeds.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import CI_DATABASE_NAME, SEEDS, build_with_vars, refused_vars

from ecommerce_kpis.schema import RAW_TABLES
from kpi_devtools.spark_parity import compare_table

# dbt builds of its own (make check leaves the module out)
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def user_schema_build(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("raw_schema")
    database = folder / CI_DATABASE_NAME
    with duckdb.connect(str(database)) as con:
        con.execute("create schema shop_raw")
        for table in RAW_TABLES:
            csv = (SEEDS / f"raw_{table}.csv").as_posix()
            con.execute(
                f"create table shop_raw.{table} as select * from read_csv('{csv}', "
                "header = true, all_varchar = true)"
            )
        # a typed table, as a warehouse holds it
        con.execute(
            "create or replace table shop_raw.sessions as select * replace ("
            "cast(session_start_at as timestamp) as session_start_at, "
            "cast(duration_seconds as integer) as duration_seconds, "
            "cast(pageviews as integer) as pageviews, "
            "cast(interactions as integer) as interactions) from shop_raw.sessions"
        )
    result = build_with_vars(database, {"raw_schema": "shop_raw"}, folder / "target")
    return result, database


def test_raw_schema_build_equals_the_seed_build(user_schema_build, ci_database: Path) -> None:
    result, database = user_schema_build
    assert result.success, result.output[-3000:]
    con = duckdb.connect()
    try:
        con.execute(f"attach '{database}' as mine (read_only)")
        con.execute(f"attach '{ci_database}' as seeds (read_only)")
        con.execute("set TimeZone = 'UTC'")
        marts = [
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables where table_catalog = 'seeds' "
                "and table_schema = 'marts' and table_type = 'BASE TABLE' order by 1"
            ).fetchall()
        ]
        assert len(marts) > 25
        problems = [
            problem
            for mart in marts
            for problem in compare_table(con, mart, f"seeds.marts.{mart}", f"mine.marts.{mart}")
        ]
    finally:
        con.close()
    assert problems == []


def test_raw_schema_build_read_the_user_tables(user_schema_build) -> None:
    result, _ = user_schema_build
    assert result.success
    compiled = result.target_path / "run" / "ecommerce_kpis" / "models" / "staging"
    sessions = (
        compiled / "web_analytics" / "base" / "base_web_analytics__sessions.sql"
    ).read_text()
    assert '"shop_raw"."sessions"' in sessions
    assert '"raw"."raw_sessions"' not in sessions
    # the typed columns are read as they are (D101), the text ones as text
    assert '"session_start_at" as session_start_at' in sessions
    assert 'cast("session_start_at" as' not in sessions
    assert 'cast("session_id" as' in sessions


@pytest.mark.parametrize(
    ("raw_vars", "message"),
    [
        ({"raw_schema": "shop raw; drop"}, "var raw_schema must be a plain schema name"),
        ({"raw_schema": "shop_raw", "raw_data_path": "data"}, "not both"),
    ],
)
def test_raw_schema_is_validated(raw_vars: dict, message: str) -> None:
    assert message in refused_vars(raw_vars, "base_pos__stores")
