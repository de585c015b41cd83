"""Small helpers for SQL text run on DuckDB: quoting, and a relation's columns."""

from __future__ import annotations

import duckdb


def sql_literal(text: str) -> str:
    """`text` as a SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def sql_ident(name: str) -> str:
    """`name` as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def relation_columns(con: duckdb.DuckDBPyConnection, relation: str) -> dict[str, str]:
    """Column name -> type of any relation (table, subquery, read_parquet)."""
    return {row[0]: row[1] for row in con.execute(f"describe select * from {relation}").fetchall()}
