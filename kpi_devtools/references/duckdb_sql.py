"""Reference 1, "the limit": one hand-written DuckDB query per KPI, no dbt.

Each query (``sql/<kpi>.sql``) reads the raw Parquet files itself and shares
nothing with the others: no staging, no intermediate tables. Each result is
materialised as a table ``<kpi>`` in a DuckDB connection (in memory unless a
database file is given), like dbt materialises a mart; ``--out`` then copies
the tables to ``OUT/<kpi>.parquet`` after the timed part.

    python -m kpi_devtools.references.duckdb_sql RAW_DIR [--out OUT]

prints one JSON object: per KPI its rows and seconds, and the total seconds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from ecommerce_kpis.sql_names import sql_literal
from kpi_devtools.references import DEFAULT_TIMEZONE, KPIS, check_timezone, raw_path

if TYPE_CHECKING:  # pandas only for frames(): the timed command line does not import it
    import pandas as pd

SQL_DIR = Path(__file__).with_name("sql")

# the raw tables each query reads (placeholders {table} in its SQL)
TABLES = (
    "sessions",
    "orders",
    "order_lines",
    "products",
    "customers",
    "returns",
    "campaigns",
    "ad_performance",
    "marketing_costs",
    "store_traffic",
)


def reader(raw_dir: Path, table: str) -> str:
    """``read_parquet(...)`` of a raw table: its single file or all its part files."""
    path = raw_path(raw_dir, table)
    if path.is_dir():
        return f"read_parquet({sql_literal(path / '*.parquet')}, union_by_name = true)"
    return f"read_parquet({sql_literal(path)})"


def query(kpi: str, raw_dir: Path, timezone: str = DEFAULT_TIMEZONE) -> str:
    """The KPI's SQL with its raw table readers and the reporting zone filled in."""
    template = (SQL_DIR / f"{kpi}.sql").read_text()
    sources = {table: reader(raw_dir, table) for table in TABLES if f"{{{table}}}" in template}
    return template.format(timezone=check_timezone(timezone), **sources)


def connect(
    threads: int = 2,
    memory_limit: str = "8GB",
    database: str | Path = ":memory:",
    temp_directory: str | Path | None = None,
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with the benchmark's resource limits.

    Above ``memory_limit`` DuckDB spills to ``temp_directory`` (its default
    for an in-memory database: ``.tmp`` in the working directory).
    """
    config: dict[str, str | int] = {"threads": threads, "memory_limit": memory_limit}
    if temp_directory is not None:
        config["temp_directory"] = str(temp_directory)
    con = duckdb.connect(str(database), config=config)
    con.execute("set enable_progress_bar = false")
    return con


def run(
    raw_dir: Path,
    timezone: str = DEFAULT_TIMEZONE,
    threads: int = 2,
    memory_limit: str = "8GB",
    *,
    con: duckdb.DuckDBPyConnection | None = None,
    timings: dict[str, float] | None = None,
) -> dict[str, int]:
    """Materialise every KPI as table ``<kpi>``; return the row count of each.

    With ``con``, the tables stay in that connection (read them with
    :func:`frames`) and ``threads``/``memory_limit`` are the connection's;
    without, a private in-memory connection is used and closed. ``timings``,
    if given, receives the seconds of each query.
    """
    own = con is None
    con = con if con is not None else connect(threads, memory_limit)
    try:
        rows: dict[str, int] = {}
        for kpi in KPIS:
            sql = query(kpi, Path(raw_dir), timezone)
            started = time.perf_counter()
            con.execute(f"create or replace table {kpi} as\n{sql}")
            if timings is not None:
                timings[kpi] = time.perf_counter() - started
            rows[kpi] = con.execute(f"select count(*) from {kpi}").fetchone()[0]
        return rows
    finally:
        if own:
            con.close()


def frames(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """The materialised KPI tables of ``con`` as data frames."""
    return {kpi: con.execute(f"select * from {kpi}").df() for kpi in KPIS}


def compute(raw_dir: Path, timezone: str = DEFAULT_TIMEZONE) -> dict[str, pd.DataFrame]:
    """Run every KPI query and return the results as data frames."""
    con = connect()
    try:
        run(raw_dir, timezone, con=con)
        return frames(con)
    finally:
        con.close()


def write(con: duckdb.DuckDBPyConnection, out: Path) -> None:
    """Copy every materialised KPI table to ``out/<kpi>.parquet``."""
    out.mkdir(parents=True, exist_ok=True)
    for kpi in KPIS:
        con.execute(f"copy {kpi} to {sql_literal(out / f'{kpi}.parquet')} (format parquet)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kpi_devtools.references.duckdb_sql", description=__doc__.split("\n")[0]
    )
    parser.add_argument("raw_dir", type=Path, help="folder of raw <table>.parquet or <table>/")
    parser.add_argument("--out", type=Path, help="write each result as OUT/<kpi>.parquet")
    parser.add_argument("--timezone", default=DEFAULT_TIMEZONE, help="reporting time zone")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--memory-limit", default="8GB")
    parser.add_argument("--database", default=":memory:", help="DuckDB file for the results")
    parser.add_argument("--temp-directory", help="where DuckDB spills (default ./.tmp)")
    args = parser.parse_args(argv)

    con = connect(args.threads, args.memory_limit, args.database, args.temp_directory)
    try:
        timings: dict[str, float] = {}
        started = time.perf_counter()
        rows = run(args.raw_dir, args.timezone, con=con, timings=timings)
        total = time.perf_counter() - started
        if args.out:
            write(con, args.out)
    finally:
        con.close()
    report = {
        "reference": "duckdb_sql",
        "kpis": {kpi: {"rows": rows[kpi], "seconds": round(timings[kpi], 3)} for kpi in KPIS},
        "seconds": round(total, 3),
    }
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
