"""The raw CSV tables (all text) as Parquet with the contract's column types.

The benchmark's raw layout: ``<table>.parquet`` (one file) or ``<table>/``
(a folder of ``part-N.parquet`` files), timestamps as naive UTC TIMESTAMP,
dates as DATE, money as DECIMAL(18,2), integers as INTEGER, the rest VARCHAR.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb

from ecommerce_kpis.schema import KIND_SQL_TYPES, RAW_TABLES
from ecommerce_kpis.sql_names import sql_ident, sql_literal


def typed_select(table: str, source: str) -> str:
    """A select over ``source`` (a relation of text columns) casting to the contract types."""
    casts = ", ".join(
        f"cast({sql_ident(column)} as {KIND_SQL_TYPES[kind]}) as {sql_ident(column)}"
        for column, kind in RAW_TABLES[table]
    )
    return f"select {casts} from {source}"


def write_typed_parquet(
    csv_dir: Path,
    out_dir: Path,
    *,
    prefix: str = "raw_",
    part_tables: Iterable[str] = (),
    parts: int = 3,
) -> dict[str, Path]:
    """Write every ``<prefix><table>.csv`` of ``csv_dir`` as typed Parquet in ``out_dir``.

    Tables named in ``part_tables`` become a folder ``<table>/`` of ``parts``
    part files (rows dealt round-robin, so every part holds some of every
    day); the others a single ``<table>.parquet``. Returns the written paths.
    """
    part_tables = set(part_tables)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    con = duckdb.connect()
    try:
        for table in RAW_TABLES:
            csv = csv_dir / f"{prefix}{table}.csv"
            if not csv.exists():
                continue
            text = (
                f"read_csv({sql_literal(csv)}, header = true, all_varchar = true, "
                "delim = ',', quote = '\"', escape = '\"')"
            )
            con.execute(f"create or replace temp table typed as {typed_select(table, text)}")
            if table in part_tables:
                folder = out_dir / table
                folder.mkdir(exist_ok=True)
                for part in range(parts):
                    con.execute(
                        "copy (select * exclude (rn) from "
                        "(select *, row_number() over () as rn from typed) "
                        f"where rn % {parts} = {part}) "
                        f"to {sql_literal(folder / f'part-{part}.parquet')} (format parquet)"
                    )
                written[table] = folder
            else:
                path = out_dir / f"{table}.parquet"
                con.execute(f"copy typed to {sql_literal(path)} (format parquet)")
                written[table] = path
    finally:
        con.close()
    return written
