"""Builds of the project on a folder of user exports (var raw_data_path),
shared by the bad-input test modules (test_bad_input, test_broken_feeds).

Each build starts from the clean demo data written as user exports
(`<table>.csv` in a folder), changes them, runs `dbt build` into its own
DuckDB file and reads what happened. These builds leave the unit tests out:
those read their own given rows, never this data, and run in the session's
build (and with changed vars in test_dbt_project).
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from conftest import SEEDS, build_with_vars, kpi_marts, query

from ecommerce_kpis.schema import RAW_TABLES

# a narrowed build runs only the tests whose every parent it builds (a
# reconciliation that reads an unselected mart would find no table)
CAUTIOUS = ("--indirect-selection", "cautious")


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


class Build:
    """One dbt build on a folder of exports, into its own DuckDB file."""

    def __init__(
        self,
        folder: Path,
        database: Path,
        extra_vars: dict | None = None,
        nodes: tuple[str, ...] = (),
    ) -> None:
        self.folder = folder
        self.database = database
        variables = {"raw_data_path": str(folder), **(extra_vars or {})}
        database.parent.mkdir(parents=True, exist_ok=True)
        # nodes: dbt's --select / --exclude arguments, the whole project if none
        self.result = build_with_vars(database, variables, database.with_suffix(".target"), nodes)

    @property
    def messages(self) -> str:
        return self.result.output

    def status(self, name: str) -> str:
        return self.result.status(name)

    def query(self, sql: str) -> list[tuple]:
        return query(self.database, sql)

    def marts(self) -> dict[str, list[tuple]]:
        return kpi_marts(self.database)
