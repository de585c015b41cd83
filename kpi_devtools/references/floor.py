"""The floor of the project's design: every raw table written once, as it is.

The pipeline keeps each raw row in a typed, materialised table (clean, or
quarantined with its rule), so its full run cannot take less than writing
every raw table into the DuckDB file once: no typing, no checks, no KPIs.
This command measures that, with the dbt profile's DuckDB settings
(2 threads, 6 GB, no insertion order), table by table, then deletes the file.

    python -m kpi_devtools.references.floor RAW_DIR --database FILE

prints one JSON object: per raw table its rows and seconds, and the total.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from ecommerce_kpis.sql_names import sql_ident
from kpi_devtools.references import raw_path
from kpi_devtools.references.duckdb_sql import connect, reader


def raw_tables(raw_dir: Path) -> list[str]:
    """The raw tables in `raw_dir`: each ``<table>.parquet`` and each folder of parts."""
    names = set()
    for item in raw_dir.iterdir():
        if item.is_file() and item.suffix == ".parquet":
            names.add(item.stem)
        elif item.is_dir() and any(item.glob("*.parquet")):
            names.add(item.name)
    return sorted(names)


def write_all(raw_dir: Path, database: Path, temp_directory: Path | None = None) -> dict:
    """Write every raw table of `raw_dir` into `database` (a new file, deleted
    after); the rows and seconds per table and the total seconds."""
    for stale in database.parent.glob(database.name + "*"):
        stale.unlink()
    con = connect(2, "6GB", database, temp_directory)
    con.execute("set preserve_insertion_order = false")
    tables = {}
    try:
        for table in raw_tables(raw_dir):
            raw_path(raw_dir, table)  # a clear error for a folder without parts
            started = time.perf_counter()
            con.execute(
                f"create table {sql_ident(table)} as select * from {reader(raw_dir, table)}"
            )
            con.execute("checkpoint")  # on disk, as a dbt model's table is when it ends
            seconds = time.perf_counter() - started
            (rows,) = con.execute(f"select count(*) from {sql_ident(table)}").fetchone()
            tables[table] = {"rows": rows, "seconds": round(seconds, 3)}
    finally:
        con.close()
        for written in database.parent.glob(database.name + "*"):
            written.unlink()
    total = round(sum(t["seconds"] for t in tables.values()), 3)
    return {"reference": "floor", "tables": tables, "seconds": total}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kpi_devtools.references.floor", description=__doc__.split("\n")[0]
    )
    parser.add_argument("raw_dir", type=Path, help="folder of raw <table>.parquet or <table>/")
    parser.add_argument("--database", type=Path, required=True, help="scratch DuckDB file")
    parser.add_argument("--temp-directory", type=Path, help="where DuckDB spills")
    args = parser.parse_args(argv)
    json.dump(write_all(args.raw_dir, args.database, args.temp_directory), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
