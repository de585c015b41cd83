"""Publish the BI tables of a green build into a PostgreSQL serving schema.

Power BI's built-in PostgreSQL connector works in Import and DirectQuery, in
Desktop and in the Service, with no driver to install. This module copies the
tables that ``publish`` serves (KPI marts, scorecard, alerts, role views,
dimensions, data-quality summary) from the working DuckDB database into one
PostgreSQL schema (default ``kpi``):

1. refuse unless ``run_results.json`` of the last ``dbt build`` is all green;
2. in ONE transaction: create a fresh schema ``<schema>__load_<stamp>``, create
   and COPY every table into it, grant the BI role USAGE and SELECT, then
   rename the live schema to ``<schema>__retired_<stamp>`` and the fresh one to
   ``<schema>``, and commit. Each reader statement sees either the old or the
   new schema, complete (a report that runs several statements across a
   publish can get some from each: ``published_tables.publish_id`` tells);
   a failure anywhere rolls everything back and the live schema is untouched;
3. after the commit, drop the retired schema with a short lock timeout. A
   DirectQuery session still reading the old tables only delays that drop (it
   is retried at the next publish); it never blocks the build or the swap.

``<schema>.published_tables`` records, per table, the row count and the
publish id, so a reader can check what it sees.

The BI role (default ``kpi_reader``) gets CONNECT on the database and USAGE +
SELECT on the serving schema only: no raw, staging or intermediate data (those
never leave DuckDB) and no PII (``dim_customer`` carries only hashed keys;
``dq_rejected_rows``, which holds raw source rows, is not published).

Connection: ``KPI_PG_DSN`` (a libpq connection string or URL); when unset,
libpq's own ``PGHOST``, ``PGPORT``, ``PGDATABASE``, ``PGUSER``, ``PGPASSWORD``
apply. The BI role's password, if the role is created or reset here, comes
from ``KPI_PG_READER_PASSWORD``. Nothing secret lives in the repository.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import psycopg
from psycopg import sql

from ecommerce_kpis.publish import PublishRefused, bi_columns, bi_tables, check_run_results
from ecommerce_kpis.sql_names import sql_ident, sql_literal

IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,30}$")
BATCH_ROWS = 10_000
PUBLISHED_TABLES = "published_tables"

# DuckDB type -> PostgreSQL type. Anything else is refused with the column named.
PG_TYPES = {
    "BOOLEAN": "boolean",
    "TINYINT": "smallint",
    "SMALLINT": "smallint",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "UTINYINT": "smallint",
    "USMALLINT": "integer",
    "UINTEGER": "bigint",
    "UBIGINT": "numeric(20,0)",
    "HUGEINT": "numeric(38,0)",
    "FLOAT": "real",
    "DOUBLE": "double precision",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
    "VARCHAR": "text",
    "UUID": "uuid",
}
DECIMAL = re.compile(r"^DECIMAL\((\d+),(\d+)\)$")


class UnsupportedType(ValueError):
    """A BI column has a DuckDB type the serving layer does not map."""


@dataclass(frozen=True)
class PgPublishReport:
    schema: str
    publish_id: str
    tables: dict[str, int]
    seconds: float
    retired_dropped: bool
    warnings: list[str] = field(default_factory=list)


def pg_type(duckdb_type: str, where: str) -> str:
    """The PostgreSQL type for a DuckDB column type (see ``PG_TYPES``)."""
    if duckdb_type in PG_TYPES:
        return PG_TYPES[duckdb_type]
    decimal = DECIMAL.match(duckdb_type)
    if decimal:
        return f"numeric({decimal.group(1)},{decimal.group(2)})"
    raise UnsupportedType(
        f"{where} has DuckDB type {duckdb_type}, which the PostgreSQL serving layer "
        "does not map; cast it to a plain type in the mart"
    )


def identifier(value: str, what: str) -> str:
    if not IDENTIFIER.match(value):
        raise ValueError(f"{what} {value!r} must match {IDENTIFIER.pattern}")
    return value


def _descriptions(manifest: Path | None) -> dict[str, dict]:
    """Model and column descriptions by model name, from the dbt manifest."""
    if manifest is None or not manifest.exists():
        return {}
    nodes = json.loads(manifest.read_text())["nodes"].values()
    return {
        node["name"]: {
            "description": node.get("description") or "",
            "columns": {c: v.get("description") or "" for c, v in node["columns"].items()},
        }
        for node in nodes
        if node["resource_type"] == "model"
    }


def ensure_reader_role(pg: psycopg.Connection, role: str, password: str | None) -> list[str]:
    """Create or update the read-only BI role; returns warnings for what it may not do."""
    warnings: list[str] = []
    name = sql.Identifier(role)
    exists = pg.execute("select 1 from pg_roles where rolname = %s", [role]).fetchone()
    if not exists:
        pg.execute(
            sql.SQL(
                "create role {} login nosuperuser nocreatedb nocreaterole noinherit noreplication"
            ).format(name)
        )
    statements = []
    if password:
        # send a SCRAM verifier, never the password itself (no clear text in logs)
        verifier = pg.pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256")
        statements.append(
            sql.SQL("alter role {} password {}").format(name, sql.Literal(verifier.decode()))
        )
    statements.append(sql.SQL("alter role {} set default_transaction_read_only = on").format(name))
    database = pg.info.dbname
    pg.execute(sql.SQL("grant connect on database {} to {}").format(sql.Identifier(database), name))
    # PUBLIC may create temporary tables (and, before PostgreSQL 15, tables in
    # schema public): take that away when this login owns the database. A
    # role a DBA created and manages is left as it is.
    statements += [
        sql.SQL("revoke temporary on database {} from public").format(sql.Identifier(database)),
        sql.SQL("revoke create on schema public from public"),
    ]
    for statement in statements:
        try:
            with pg.transaction():
                pg.execute(statement)
        except psycopg.errors.InsufficientPrivilege:
            shown = statement.as_string(pg).split(" password ")[0]
            warnings.append(f"could not run `{shown}`: not allowed for this login")
    return warnings


def _drop_retired(pg: psycopg.Connection, schema: str, lock_timeout_ms: int) -> bool:
    """Drop every retired copy of the schema; False if a reader still holds one."""
    retired = pg.execute(
        "select nspname from pg_namespace where nspname like %s order by nspname",
        [schema.replace("_", r"\_") + r"\_\_retired\_%"],
    ).fetchall()
    dropped = True
    for (name,) in retired:
        try:
            with pg.transaction():
                pg.execute(sql.SQL("set local lock_timeout = {}").format(lock_timeout_ms))
                pg.execute(sql.SQL("drop schema {} cascade").format(sql.Identifier(name)))
        except psycopg.errors.LockNotAvailable:
            dropped = False
    return dropped


def publish_postgres(
    database: Path,
    *,
    conninfo: str | None = None,
    schema: str = "kpi",
    reader_role: str = "kpi_reader",
    reader_password: str | None = None,
    run_results: Path | None = None,
    manifest: Path | None = None,
    drop_lock_timeout_ms: int = 2000,
    after_table: Callable[[str], None] | None = None,
) -> PgPublishReport:
    """Copy the BI tables of ``database`` into ``schema`` atomically (see module doc).

    ``after_table`` is called after each table is loaded (tests use it to fail
    half-way through a publish).
    """
    started = time.perf_counter()
    schema = identifier(schema, "schema")
    reader_role = identifier(reader_role, "reader role")
    if run_results is not None:
        check_run_results(run_results)
    conninfo = os.environ.get("KPI_PG_DSN", "") if conninfo is None else conninfo
    descriptions = _descriptions(manifest)
    stamp = f"{time.strftime('%Y%m%d%H%M%S')}_{secrets.token_hex(4)}"
    publish_id = f"{time.strftime('%Y-%m-%dT%H:%M:%S')}-{os.getpid()}-{time.monotonic_ns()}"
    loading = f"{schema}__load_{stamp}"
    retired = f"{schema}__retired_{stamp}"

    duck = duckdb.connect()
    catalog = Path(database).stem
    duck.execute(f"attach {sql_literal(Path(database))} as {sql_ident(catalog)} (read_only)")
    try:
        tables = bi_tables(duck, catalog)
        if not tables:
            raise PublishRefused(f"{database} has no tables in schema marts")
        columns = {
            table: [(name, pg_type(kind, f"marts.{table}.{name}")) for name, kind in pairs]
            for table, pairs in bi_columns(duck, catalog, tables).items()
        }
        counts: dict[str, int] = {}
        with psycopg.connect(conninfo, autocommit=True) as pg:
            # one publisher at a time per schema; readers are never locked out
            pg.execute("set lock_timeout = '10min'")  # a stuck publisher fails, not hangs
            pg.execute("select pg_advisory_lock(hashtext(%s))", [f"ecommerce_kpis:{schema}"])
            pg.execute("reset lock_timeout")
            warnings = ensure_reader_role(pg, reader_role, reader_password)
            with pg.transaction():
                pg.execute(sql.SQL("create schema {}").format(sql.Identifier(loading)))
                for table in tables:
                    counts[table] = _load_table(
                        pg, duck, catalog, loading, table, columns[table], descriptions
                    )
                    if after_table is not None:
                        after_table(table)
                _write_published_tables(pg, loading, publish_id, counts)
                role = sql.Identifier(reader_role)
                pg.execute(
                    sql.SQL("grant usage on schema {} to {}").format(sql.Identifier(loading), role)
                )
                pg.execute(
                    sql.SQL("grant select on all tables in schema {} to {}").format(
                        sql.Identifier(loading), role
                    )
                )
                live = pg.execute(
                    "select 1 from pg_namespace where nspname = %s", [schema]
                ).fetchone()
                if live:
                    pg.execute(
                        sql.SQL("alter schema {} rename to {}").format(
                            sql.Identifier(schema), sql.Identifier(retired)
                        )
                    )
                pg.execute(
                    sql.SQL("alter schema {} rename to {}").format(
                        sql.Identifier(loading), sql.Identifier(schema)
                    )
                )
            dropped = _drop_retired(pg, schema, drop_lock_timeout_ms)
            pg.execute("select pg_advisory_unlock(hashtext(%s))", [f"ecommerce_kpis:{schema}"])
    finally:
        duck.close()
    if not dropped:
        warnings.append(
            f"a reader still holds the previous copy; {schema}__retired_* is dropped next time"
        )
    return PgPublishReport(
        schema=schema,
        publish_id=publish_id,
        tables=counts,
        seconds=time.perf_counter() - started,
        retired_dropped=dropped,
        warnings=warnings,
    )


def _load_table(
    pg: psycopg.Connection,
    duck: duckdb.DuckDBPyConnection,
    catalog: str,
    schema: str,
    table: str,
    columns: list[tuple[str, str]],
    descriptions: dict[str, dict],
) -> int:
    target = sql.Identifier(schema, table)
    pg.execute(
        sql.SQL("create table {} ({})").format(
            target,
            sql.SQL(", ").join(
                sql.SQL("{} {}").format(sql.Identifier(name), sql.SQL(kind))
                for name, kind in columns
            ),
        )
    )
    names = sql.SQL(", ").join(sql.Identifier(name) for name, _ in columns)
    duck.execute(
        "select "
        + ", ".join(sql_ident(name) for name, _ in columns)
        + f" from {sql_ident(catalog)}.marts.{sql_ident(table)}"
    )
    rows = 0
    with pg.cursor().copy(sql.SQL("copy {} ({}) from stdin").format(target, names)) as copy:
        while batch := duck.fetchmany(BATCH_ROWS):
            for row in batch:
                copy.write_row(row)
            rows += len(batch)
    described = descriptions.get(table)
    if described:
        pg.execute(
            sql.SQL("comment on table {} is {}").format(
                target, sql.Literal(described["description"].strip())
            )
        )
        for name, _ in columns:
            text = described["columns"].get(name, "").strip()
            if text:
                pg.execute(
                    sql.SQL("comment on column {} is {}").format(
                        sql.Identifier(schema, table, name), sql.Literal(text)
                    )
                )
    return rows


def _write_published_tables(
    pg: psycopg.Connection, schema: str, publish_id: str, counts: dict[str, int]
) -> None:
    target = sql.Identifier(schema, PUBLISHED_TABLES)
    pg.execute(
        sql.SQL(
            "create table {} (table_name text primary key, row_count bigint not null, "
            "publish_id text not null, published_at timestamptz not null default now())"
        ).format(target)
    )
    pg.execute(
        sql.SQL("comment on table {} is {}").format(
            target,
            sql.Literal(
                "One row per table of this serving schema: its row count and the id of "
                "the publish that wrote it (all rows share one publish_id)."
            ),
        )
    )
    with pg.cursor().copy(
        sql.SQL("copy {} (table_name, row_count, publish_id) from stdin").format(target)
    ) as copy:
        for table, count in counts.items():
            copy.write_row((table, count, publish_id))
