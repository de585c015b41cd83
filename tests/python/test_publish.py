"""Publishing for BI: only green builds, atomically, never blocked by readers."""

from __future__ import annotations

import hashlib
import json
import shutil
import stat
import threading
from pathlib import Path

import duckdb
import pytest
from conftest import run_dbt

from ecommerce_kpis.cli import main
from ecommerce_kpis.publish import PublishRefused, publish


def green_results(path: Path) -> Path:
    path.write_text(
        json.dumps(
            {
                "args": {"which": "build"},
                "results": [{"unique_id": "model.x.y", "status": "success"}],
            }
        )
    )
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def published(ci_database: Path, tmp_path: Path) -> Path:
    out = tmp_path / "published"
    publish(ci_database, out, green_results(tmp_path / "run_results.json"))
    return out


def test_publish_copies_every_bi_table(ci_database: Path, published: Path) -> None:
    source = duckdb.connect(str(ci_database), read_only=True)
    expected = {
        name: source.execute(f'select count(*) from marts."{name}"').fetchone()[0]
        for (name,) in source.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()
    }
    source.close()
    assert {"kpi_scorecard", "kpi_alerts", "dim_date", "kpi_conversion_rate"} <= set(expected)
    copy = duckdb.connect(str(published / "ecommerce_kpis.duckdb"), read_only=True)
    for name, rows in expected.items():
        assert copy.execute(f'select count(*) from "{name}"').fetchone()[0] == rows, name
        parquet = (published / "parquet" / f"{name}.parquet").as_posix()
        assert copy.execute(f"select count(*) from read_parquet('{parquet}')").fetchone()[0] == rows
    copy.close()


def test_published_file_is_read_only(published: Path) -> None:
    mode = (published / "ecommerce_kpis.duckdb").stat().st_mode
    assert not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert (published / "parquet").is_symlink()


def test_a_failed_build_leaves_the_published_copy_untouched(
    ci_database: Path, published: Path, tmp_path: Path
) -> None:
    before = digest(published / "ecommerce_kpis.duckdb")
    link_before = (published / "parquet").resolve()
    # a real build whose unit test fails: a lifespan cap of 4 years breaks
    # the hand-worked lifetime value test (worked out for the default 5)
    working = tmp_path / "working.duckdb"
    shutil.copy(ci_database, working)
    failed = run_dbt(
        [
            "build",
            "--target",
            "ci",
            "--select",
            "kpi_customer_lifetime_value",
            "--vars",
            '{"max_lifespan_years": 4}',
        ],
        env={"KPI_CI_DUCKDB_PATH": str(working)},
        target_path=tmp_path / "failed_target",
    )
    assert not failed.success
    assert failed.status("kpi_customer_lifetime_value_windows_and_cap") == "fail"
    results = tmp_path / "failed_target" / "run_results.json"
    with pytest.raises(PublishRefused, match="did not pass"):
        publish(ci_database, published, results)
    code = main(
        [
            "publish",
            "--database",
            str(ci_database),
            "--out",
            str(published),
            "--run-results",
            str(results),
        ]
    )
    assert code == 1
    assert digest(published / "ecommerce_kpis.duckdb") == before
    assert (published / "parquet").resolve() == link_before


def test_reader_keeps_reading_while_a_build_and_publish_run(
    published: Path, tmp_path: Path
) -> None:
    reader = duckdb.connect(str(published / "ecommerce_kpis.duckdb"), read_only=True)
    expected = reader.execute("select count(*) from kpi_scorecard").fetchone()[0]
    outcome: dict[str, object] = {}

    def build_and_publish() -> None:
        database = tmp_path / "working.duckdb"
        target = tmp_path / "working_target"
        build = run_dbt(
            ["build", "--target", "ci"],
            env={"KPI_CI_DUCKDB_PATH": str(database)},
            target_path=target,
        )
        outcome["build"] = build.success
        if build.success:
            outcome["report"] = publish(database, published, target / "run_results.json")

    worker = threading.Thread(target=build_and_publish)
    worker.start()
    reads, errors = 0, []
    while worker.is_alive():
        try:
            assert reader.execute("select count(*) from kpi_scorecard").fetchone()[0] == expected
            reads += 1
        except Exception as error:
            errors.append(repr(error))
        worker.join(timeout=0.05)
    reader.close()
    assert outcome.get("build") is True
    assert "report" in outcome
    assert errors == []
    assert reads > 10
    fresh = duckdb.connect(str(published / "ecommerce_kpis.duckdb"), read_only=True)
    assert fresh.execute("select count(*) from kpi_scorecard").fetchone()[0] == expected
    fresh.close()
