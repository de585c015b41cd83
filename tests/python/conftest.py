"""Shared fixtures: the repository paths and one dbt build for all tests.

`make test` builds the CI database once (`make dbt-ci`) before pytest runs;
the fixture reuses it. Run alone, pytest builds it itself, in-process.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds" / "raw"


def run_dbt(args: list[str]) -> object:
    """Run dbt in-process with the project's profiles; return the result."""
    from dbt.cli.main import dbtRunner

    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    full = [*args, "--project-dir", str(ROOT), "--profiles-dir", str(ROOT)]
    return dbtRunner().invoke(full)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def ci_database() -> Path:
    path = Path(os.environ.get("KPI_CI_DUCKDB_PATH", "build/ecommerce_kpis_ci.duckdb"))
    if not path.is_absolute():
        path = ROOT / path
    if not path.exists():
        os.environ["KPI_CI_DUCKDB_PATH"] = str(path)
        result = run_dbt(["build", "--target", "ci"])
        assert result.success, f"dbt build failed: {result.exception}"
    return path


@pytest.fixture()
def ci_connection(ci_database: Path):
    con = duckdb.connect(str(ci_database), read_only=True)
    yield con
    con.close()
