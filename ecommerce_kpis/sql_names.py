"""Quoting for SQL text run on DuckDB (the one place), and a relation's columns.

Every name or value the Python code splices into SQL goes through
``sql_ident`` or ``sql_literal``; PostgreSQL statements use psycopg's
``sql.Identifier`` instead (``serve_postgres``).
"""

from __future__ import annotations

from pathlib import PurePath

import duckdb


def sql_literal(text: str | PurePath) -> str:
    """`text` as a SQL string literal; a path is written with forward slashes."""
    if isinstance(text, PurePath):
        text = text.as_posix()
    return "'" + text.replace("'", "''") + "'"


def sql_ident(name: str) -> str:
    """`name` as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def relation_columns(con: duckdb.DuckDBPyConnection, relation: str) -> dict[str, str]:
    """Column name -> type of any relation (table, subquery, read_parquet)."""
    return {row[0]: row[1] for row in con.execute(f"describe select * from {relation}").fetchall()}
