"""Shared fixtures: the repository paths and one dbt build for all tests.

`make test` builds the CI database once (`make dbt-ci`) before pytest runs;
the fixture reuses it. Run alone, pytest builds it itself. dbt runs in a
subprocess: dbt-duckdb keeps its database open for the life of a process,
which would lock the file against the tests' own read-only connections.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import psycopg
import pytest

from kpi_devtools.pgserver import LocalPostgres

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds" / "raw"


class DbtRun:
    """The outcome of one dbt command run in a subprocess."""

    def __init__(self, completed: subprocess.CompletedProcess, target_path: Path) -> None:
        self.success = completed.returncode == 0
        self.target_path = target_path
        self.output = completed.stdout + completed.stderr
        results = target_path / "run_results.json"
        self.results = json.loads(results.read_text())["results"] if results.exists() else []

    def status(self, name: str) -> str:
        for result in self.results:
            if result["unique_id"].split(".")[-1] == name:
                return result["status"]
        return "absent"


def run_dbt(
    args: list[str],
    env: dict[str, str] | None = None,
    target_path: Path | None = None,
    project_dir: Path = ROOT,
) -> DbtRun:
    """Run dbt in a subprocess (its own DuckDB connections, closed on exit)."""
    target_path = target_path or project_dir / "target"
    command = [
        str(Path(sys.executable).with_name("dbt")),
        *args,
        "--project-dir",
        str(project_dir),
        "--profiles-dir",
        str(project_dir),
        "--target-path",
        str(target_path),
    ]
    full_env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", **(env or {})}
    completed = subprocess.run(
        command, cwd=project_dir, env=full_env, capture_output=True, text=True, check=False
    )
    return DbtRun(completed, target_path)


def copy_database(database: Path, folder: Path) -> Path:
    """A private copy that keeps the file name: views in a DuckDB file name
    their catalog, which is the file's stem. dbt and mf open it read-write,
    so a test that runs them works on a copy, not on the shared CI database."""
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / database.name
    shutil.copy(database, copy)
    return copy


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def ci_database() -> Path:
    path = Path(os.environ.get("KPI_CI_DUCKDB_PATH", "build/ecommerce_kpis_ci.duckdb"))
    if not path.is_absolute():
        path = ROOT / path
    if not path.exists():
        result = run_dbt(["build", "--target", "ci"], env={"KPI_CI_DUCKDB_PATH": str(path)})
        assert result.success, f"dbt build failed:\n{result.output[-3000:]}"
    return path


@pytest.fixture(scope="session")
def failed_build_results(ci_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """run_results.json of a real build whose data test fails.

    With --warn-error, the warning test that lists open alerts (the demo data
    has some) fails the build; it runs on a copy of the CI database.
    """
    folder = tmp_path_factory.mktemp("failed_build")
    working = copy_database(ci_database, folder)
    failed = run_dbt(
        ["--warn-error", "build", "--target", "ci", "--select", "kpi_alerts"],
        env={"KPI_CI_DUCKDB_PATH": str(working)},
        target_path=folder / "target",
    )
    assert not failed.success
    assert "fail" in [r["status"] for r in failed.results]
    return folder / "target" / "run_results.json"


@dataclass(frozen=True)
class Serving:
    """A PostgreSQL server with a serving database, its publisher and BI reader."""

    server: LocalPostgres
    database: str = "serving"
    publisher: str = "kpi_publisher"
    publisher_password: str = "publisher-secret"
    reader: str = "kpi_reader"
    reader_password: str = "reader-secret"

    @property
    def admin_dsn(self) -> str:
        return self.server.conninfo(dbname=self.database)

    @property
    def publisher_dsn(self) -> str:
        return self.server.conninfo(self.publisher, self.publisher_password, self.database)

    @property
    def reader_dsn(self) -> str:
        return self.server.conninfo(self.reader, self.reader_password, self.database)


@pytest.fixture(scope="session")
def serving() -> Serving:
    """Debian's PostgreSQL on a free port, started for the tests and stopped after."""
    server = LocalPostgres().start()
    try:
        serving = Serving(server)
        with psycopg.connect(server.conninfo(), autocommit=True) as admin:
            admin.execute(
                f"create role {serving.publisher} login createrole "
                f"password '{serving.publisher_password}'"
            )
            admin.execute(f"create database {serving.database} owner {serving.publisher}")
        yield serving
    finally:
        server.stop()


@pytest.fixture()
def ci_connection(ci_database: Path):
    con = duckdb.connect(str(ci_database), read_only=True)
    yield con
    con.close()
