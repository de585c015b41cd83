"""Publish the marts and dimensions of a green build for BI readers.

`dbt build` writes the working database, which a Power BI session must never
hold open (DuckDB allows one writer). After a build whose every node passed,
this copies the BI tables (schema `marts`: KPI marts, scorecard, alerts, role
views, dimensions, data-quality summary; not `dq_rejected_rows`, which holds
raw source rows) to

- ``<out>/ecommerce_kpis.duckdb``: a separate DuckDB file, written under a
  temporary name and swapped in with an atomic rename, made read-only. It is
  written in storage format v1.0.0 (header version 64), which every DuckDB
  1.x reads, so every 1.x release of the DuckDB ODBC driver that Power BI
  uses opens it; a newer DuckDB's default format would not (2.0 writes 999).
  Column types are limited to those the ODBC driver passes intact;
- ``<out>/parquet/``: one Parquet file per table, written to a fresh folder;
  ``parquet`` is a symlink switched atomically to the new folder.

A reader that has the old file or folder open keeps reading the old,
complete data; new readers see the new data; nobody sees a half-written
copy. A failed build publishes nothing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ecommerce_kpis.sql_names import sql_ident, sql_literal

PUBLISHED_FILE = "ecommerce_kpis.duckdb"
STORAGE_VERSION = "v1.0.0"
# DuckDB column types that the ODBC driver hands to Power BI intact
# (and DECIMAL up to 18 digits); HUGEINT, wide decimals, unsigned integers,
# UUID, INTERVAL, TIMESTAMPTZ, lists and structs break it in Power BI
ODBC_SAFE_TYPES = frozenset(
    {"BOOLEAN", "INTEGER", "BIGINT", "DOUBLE", "DATE", "TIMESTAMP", "VARCHAR"}
)
ODBC_SAFE_DECIMAL = re.compile(r"^DECIMAL\((1[0-8]|[1-9]),\d+\)$")
PARQUET_LINK = "parquet"
OK_STATUSES = {"success", "pass", "warn", "no-op"}
# raw source rows (PII hashed, but free text): for data engineers in the
# working database, not for BI readers
NOT_PUBLISHED = frozenset({"dq_rejected_rows"})


class PublishRefused(RuntimeError):
    """The build did not pass: nothing is published."""


@dataclass(frozen=True)
class PublishReport:
    tables: list[str]
    database: Path
    parquet: Path
    database_bytes: int
    parquet_bytes: int
    seconds: float


def check_run_results(run_results: Path) -> None:
    """Refuse unless every node of the last dbt run passed (warnings are fine)."""
    if not run_results.exists():
        raise PublishRefused(f"no dbt run results at {run_results}: run `dbt build` first")
    data = json.loads(run_results.read_text())
    command = data.get("args", {}).get("which")
    if command not in ("build", None):
        raise PublishRefused(f"the last dbt command was `{command}`, not `build`")
    bad = [
        f"{r['unique_id']}: {r['status']}"
        for r in data["results"]
        if str(r["status"]).lower() not in OK_STATUSES
    ]
    if bad:
        shown = "\n  ".join(bad[:10])
        raise PublishRefused(
            f"{len(bad)} dbt nodes did not pass; the published copy is left as it was:\n  {shown}"
        )


def bi_tables(con: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    """The tables and views of schema `marts` that BI readers get."""
    rows = con.execute(
        "select table_name from information_schema.tables "
        "where table_catalog = ? and table_schema = 'marts' order by table_name",
        [catalog],
    ).fetchall()
    return [r[0] for r in rows if r[0] not in NOT_PUBLISHED]


def bi_columns(
    con: duckdb.DuckDBPyConnection, catalog: str, tables: list[str]
) -> dict[str, list[tuple[str, str]]]:
    """Per BI table, its (column, DuckDB type) pairs in column order."""
    rows = con.execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_catalog = ? and table_schema = 'marts' "
        "order by table_name, ordinal_position",
        [catalog],
    ).fetchall()
    columns: dict[str, list[tuple[str, str]]] = {table: [] for table in tables}
    for table, column, data_type in rows:
        if table in columns:
            columns[table].append((column, data_type))
    return columns


def odbc_type_problems(columns: dict[str, list[tuple[str, str]]]) -> list[str]:
    """Columns whose type the DuckDB ODBC driver does not hand to Power BI intact."""
    return [
        f"marts.{table}.{column}: {data_type}"
        for table, pairs in columns.items()
        for column, data_type in pairs
        if data_type not in ODBC_SAFE_TYPES and not ODBC_SAFE_DECIMAL.match(data_type)
    ]


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def publish(database: Path, out: Path, run_results: Path | None = None) -> PublishReport:
    """Copy the BI tables of `database` to `out` atomically (see module doc)."""
    started = time.perf_counter()
    if run_results is not None:
        check_run_results(run_results)
    out.mkdir(parents=True, exist_ok=True)
    stamp = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
    tmp_file = out / f".{PUBLISHED_FILE}.{stamp}.tmp"
    parquet_dir = out / f"parquet-{stamp}"
    parquet_dir.mkdir()

    con = duckdb.connect()
    try:
        # views in the working database name their catalog: keep its name
        catalog = Path(database).stem
        con.execute(f"attach {sql_literal(Path(database))} as {sql_ident(catalog)} (read_only)")
        tables = bi_tables(con, catalog)
        if not tables:
            raise PublishRefused(f"{database} has no tables in schema marts")
        problems = odbc_type_problems(bi_columns(con, catalog, tables))
        if problems:
            raise PublishRefused(
                "cast these columns in their marts to BIGINT, DOUBLE, DECIMAL(18,s), "
                "DATE, TIMESTAMP, BOOLEAN or VARCHAR (Power BI's ODBC route breaks on "
                "them):\n  " + "\n  ".join(problems)
            )
        # storage v1.0.0: readable by every DuckDB 1.x, so by every 1.x ODBC
        # driver Power BI may use (a newer pin's default format is not)
        con.execute(
            f"attach {sql_literal(tmp_file)} as published "
            f"(storage_version {sql_literal(STORAGE_VERSION)})"
        )
        for table in tables:
            source = f"{sql_ident(catalog)}.marts.{sql_ident(table)}"
            con.execute(f"create table published.main.{sql_ident(table)} as select * from {source}")
            con.execute(
                f"copy (select * from {source}) to "
                f"{sql_literal(parquet_dir / f'{table}.parquet')} (format parquet)"
            )
        con.execute("detach published")
        con.execute(f"detach {sql_ident(catalog)}")
    except BaseException:
        con.close()
        tmp_file.unlink(missing_ok=True)
        shutil.rmtree(parquet_dir, ignore_errors=True)
        raise
    con.close()

    # readers only ever open the published copy read-only
    tmp_file.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    target = out / PUBLISHED_FILE
    os.replace(tmp_file, target)

    link = out / PARQUET_LINK
    tmp_link = out / f".{PARQUET_LINK}.{stamp}.tmp"
    tmp_link.symlink_to(parquet_dir.name, target_is_directory=True)
    if link.exists() and not link.is_symlink():
        shutil.rmtree(link)
    os.replace(tmp_link, link)
    _remove_old_parquet(out, keep={parquet_dir.name})

    return PublishReport(
        tables=tables,
        database=target,
        parquet=link,
        database_bytes=target.stat().st_size,
        parquet_bytes=_folder_bytes(parquet_dir),
        seconds=time.perf_counter() - started,
    )


def _remove_old_parquet(out: Path, keep: set[str]) -> None:
    """Keep the newest previous folder too: a reader may still be in it."""
    folders = sorted(p for p in out.glob("parquet-*") if p.is_dir() and p.name not in keep)
    for folder in folders[:-1]:
        shutil.rmtree(folder, ignore_errors=True)
