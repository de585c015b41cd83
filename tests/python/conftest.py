"""Shared fixtures: the repository paths and one dbt build for all tests.

`make test` builds the CI database once (`make dbt-ci`) before pytest runs;
the fixture reuses it. Run alone, pytest builds it itself. dbt runs in a
subprocess: dbt-duckdb keeps its database open for the life of a process,
which would lock the file against the tests' own read-only connections.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds" / "raw"


class DbtRun:
    """The outcome of one dbt command run in a subprocess."""

    def __init__(self, completed: subprocess.CompletedProcess, target_path: Path) -> None:
        self.success = completed.returncode == 0
        self.output = completed.stdout + completed.stderr
        results = target_path / "run_results.json"
        self.results = json.loads(results.read_text())["results"] if results.exists() else []

    def status(self, name: str) -> str:
        for result in self.results:
            if result["unique_id"].split(".")[-1] == name:
                return result["status"]
        return "absent"


def run_dbt(
    args: list[str], env: dict[str, str] | None = None, target_path: Path | None = None
) -> DbtRun:
    """Run dbt in a subprocess (its own DuckDB connections, closed on exit)."""
    target_path = target_path or ROOT / "target"
    command = [
        str(Path(sys.executable).with_name("dbt")),
        *args,
        "--project-dir",
        str(ROOT),
        "--profiles-dir",
        str(ROOT),
        "--target-path",
        str(target_path),
    ]
    full_env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", **(env or {})}
    completed = subprocess.run(
        command, cwd=ROOT, env=full_env, capture_output=True, text=True, check=False
    )
    return DbtRun(completed, target_path)


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


@pytest.fixture()
def ci_connection(ci_database: Path):
    con = duckdb.connect(str(ci_database), read_only=True)
    yield con
    con.close()
