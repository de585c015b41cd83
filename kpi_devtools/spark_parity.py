"""Compare a Spark build with a DuckDB build of the project, table by table.

The Spark target (`profiles.yml`, `method: session`) keeps its tables as
Parquet folders in a local warehouse, `<warehouse>/<schema>.db/<table>/`.
DuckDB reads those folders and compares each with the table of the same name
in the DuckDB database: the same columns (by name, of the same kind), the
same rows as a multiset. Numbers (floating point and decimal) must agree
within a relative 1e-9; every other column exactly, NULL matching NULL.
The dbt run id of the quarantine tables differs by design and is skipped;
rows a base model quarantined are compared on their text columns.

    python -m kpi_devtools.spark_parity DUCKDB WAREHOUSE [--schema marts ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from ecommerce_kpis.sql_names import relation_columns, sql_ident, sql_literal

RELATIVE_TOLERANCE = 1e-9
# below this, two numbers are equal whatever their ratio (0 against 1e-17)
ABSOLUTE_TOLERANCE = 1e-12
EXAMPLES = 3
# run metadata that differs between any two builds by design: the dbt
# invocation id stamped on the quarantine tables
IGNORED_COLUMNS = frozenset({"run_id"})
DEFAULT_SCHEMAS = ("raw", "staging", "intermediate", "marts")


def _kind(type_name: str) -> str:
    """The kind of a column type that both engines must agree on."""
    name = type_name.upper()
    if name.startswith(("DECIMAL", "DOUBLE", "FLOAT", "REAL", "NUMERIC")):
        return "fractional"
    if name in {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"}:
        return "integer"
    if name.startswith("TIMESTAMP"):
        return "timestamp"
    if name.startswith(("STRUCT", "MAP")) or name.endswith("]"):
        return "nested"
    return {"VARCHAR": "text", "DATE": "date", "BOOLEAN": "boolean"}.get(name, name)


def _comparable(column: str, kind: str) -> str:
    """The column as a value both sides can be compared on: timestamps as
    UTC wall-clock time, nested values as their text."""
    if kind == "timestamp":
        return f"cast({sql_ident(column)} as timestamp)"
    if kind == "nested":
        return f"cast({sql_ident(column)} as varchar)"
    return sql_ident(column)


def data_test_sample(manifest: dict) -> list[str]:
    """The names of one data test of each kind in a dbt ``manifest``: every
    singular test, and per generic test the first instance (by unique id) of
    each combination of arguments, severity and `where` (D86).

    Spark parity compares every table of the two builds row for row, so a
    data test can only end differently on Spark if its SQL renders or runs
    differently there; one instance of each kind runs that SQL."""
    chosen: dict[object, str] = {}
    for unique_id, node in sorted(manifest["nodes"].items()):
        if node["resource_type"] != "test":
            continue
        metadata = node.get("test_metadata")
        if not metadata:
            kind: object = unique_id
        else:
            config = node.get("config", {})
            kind = (
                metadata.get("namespace"),
                metadata["name"],
                tuple(sorted(set(metadata.get("kwargs", {})) - {"model", "column_name"})),
                str(config.get("severity", "error")).lower(),
                bool(config.get("where")),
            )
        chosen.setdefault(kind, node["name"])
    return sorted(chosen.values())


def compare_table(
    con: duckdb.DuckDBPyConnection, name: str, duckdb_relation: str, spark_relation: str
) -> list[str]:
    """Mismatches between one table of the DuckDB build and of the Spark build."""
    problems: list[str] = []
    duck_columns = relation_columns(con, duckdb_relation)
    spark_columns = relation_columns(con, spark_relation)
    for column in duck_columns.keys() - spark_columns.keys():
        problems.append(f"{name}: column {column} missing on Spark")
    for column in spark_columns.keys() - duck_columns.keys():
        problems.append(f"{name}: column {column} only on Spark")
    shared = [c for c in duck_columns if c in spark_columns and c not in IGNORED_COLUMNS]
    kinds = {c: _kind(duck_columns[c]) for c in shared}
    for column in shared:
        if _kind(spark_columns[column]) != kinds[column]:
            problems.append(
                f"{name}: column {column} is {duck_columns[column]} on DuckDB "
                f"but {spark_columns[column]} on Spark"
            )
    if problems:
        return problems

    keys = [c for c in shared if kinds[c] != "fractional"]
    numbers = [c for c in shared if kinds[c] == "fractional"]
    # copies of the same key row are paired in the order of their numbers
    order = ", ".join(sql_ident(c) for c in numbers) or "1"
    partition = ", ".join(sql_ident(c) for c in keys) or "1"

    def numbered(relation: str) -> str:
        select = ", ".join(f"{_comparable(c, kinds[c])} as {sql_ident(c)}" for c in shared)
        return (
            f"(select *, row_number() over (partition by {partition} order by {order}) "
            f"as __copy, true as __present from (select {select} from {relation}))"
        )

    on = " and ".join(
        [f"d.{sql_ident(c)} is not distinct from s.{sql_ident(c)}" for c in keys]
        + ["d.__copy = s.__copy"]
    )
    con.execute(
        "create or replace temp table __joined as select "
        + ", ".join(f"coalesce(d.{sql_ident(c)}, s.{sql_ident(c)}) as {sql_ident(c)}" for c in keys)
        + (", " if keys else "")
        + "d.__present as on_duckdb, s.__present as on_spark"
        + "".join(
            f", d.{sql_ident(c)} as {sql_ident('d_' + c)}, s.{sql_ident(c)} as {sql_ident('s_' + c)}"
            for c in numbers
        )
        + f" from {numbered(duckdb_relation)} as d full outer join {numbered(spark_relation)}"
        f" as s on {on}"
    )

    def examples(condition: str, columns: list[str]) -> str:
        rows = con.execute(
            f"select {', '.join(columns) or '1'} from __joined where {condition} limit {EXAMPLES}"
        ).fetchall()
        return "; ".join(str(row) for row in rows)

    for side, condition in (("DuckDB", "on_spark is null"), ("Spark", "on_duckdb is null")):
        count = con.execute(f"select count(*) from __joined where {condition}").fetchone()[0]
        if count:
            problems.append(
                f"{name}: {count} rows only on {side}, e.g. "
                + examples(condition, [sql_ident(c) for c in keys])
            )
    for column in numbers:
        d, s = (
            f"cast({sql_ident('d_' + column)} as double)",
            f"cast({sql_ident('s_' + column)} as double)",
        )
        condition = (
            f"on_duckdb and on_spark and (({d} is null) != ({s} is null) or "
            f"abs({d} - {s}) > greatest({RELATIVE_TOLERANCE} * greatest(abs({d}), abs({s})), "
            f"{ABSOLUTE_TOLERANCE}))"
        )
        count = con.execute(f"select count(*) from __joined where {condition}").fetchone()[0]
        if count:
            problems.append(
                f"{name}: {column} differs on {count} rows, e.g. (keys..., DuckDB, Spark) "
                + examples(condition, [*(sql_ident(c) for c in keys), d, s])
            )
    return problems


def _compare_built_table(
    con: duckdb.DuckDBPyConnection, name: str, duckdb_relation: str, spark_relation: str
) -> list[str]:
    """compare_table, with the rows a base model quarantined (`dq_rule` set)
    compared on their text columns only: the raw text, the rule, the ids.
    Their typed columns hold whatever each engine's try_cast made of text
    that failed the format check ('7.5' as an integer: 8 on DuckDB, NULL on
    Spark); no such value goes further than the base model."""
    columns = relation_columns(con, duckdb_relation)
    if "dq_rule" not in columns:
        return compare_table(con, name, duckdb_relation, spark_relation)
    text = ", ".join(sql_ident(c) for c, t in columns.items() if _kind(t) == "text")

    def rows(relation: str, passed: bool, select: str = "*") -> str:
        condition = "is null" if passed else "is not null"
        return f"(select {select} from {relation} where dq_rule {condition})"

    return compare_table(
        con, name, rows(duckdb_relation, True), rows(spark_relation, True)
    ) + compare_table(
        con,
        f"{name} (quarantined rows)",
        rows(duckdb_relation, False, text),
        rows(spark_relation, False, text),
    )


def spark_tables(warehouse: Path, schema: str) -> dict[str, Path]:
    """The tables of one schema of a local Spark warehouse: name -> folder.

    A table without rows may have a folder without Parquet files: it is a
    table all the same (compare checks that DuckDB's has no rows either)."""
    folder = Path(warehouse) / f"{schema}.db"
    if not folder.is_dir():
        return {}
    return {
        table.name: table
        for table in sorted(folder.iterdir())
        if table.is_dir() and not table.name.startswith(("_", "."))
    }


def compare(
    duckdb_path: Path, warehouse: Path, schemas: tuple[str, ...] = DEFAULT_SCHEMAS
) -> tuple[list[str], list[str]]:
    """(tables compared, mismatches) of every table in `schemas`.

    Every DuckDB table must exist on Spark and the other way round; views
    (the role scorecards) are not compared, Spark keeps no data for them.
    """
    problems: list[str] = []
    compared: list[str] = []
    con = duckdb.connect()
    try:
        con.execute("set TimeZone = 'UTC'")
        con.execute(f"attach {sql_literal(str(duckdb_path))} as built (read_only)")
        for schema in schemas:
            duck = {
                row[0]
                for row in con.execute(
                    "select table_name from information_schema.tables "
                    "where table_catalog = 'built' and table_schema = ? "
                    "and table_type = 'BASE TABLE'",
                    [schema],
                ).fetchall()
            }
            spark = spark_tables(warehouse, schema)
            if not duck:
                problems.append(f"{schema}: no tables in the DuckDB database")
            for table in sorted(duck - spark.keys()):
                problems.append(f"{schema}.{table}: not built on Spark")
            for table in sorted(spark.keys() - duck):
                problems.append(f"{schema}.{table}: only on Spark")
            for table in sorted(duck & spark.keys()):
                name = f"{schema}.{table}"
                relation = f"built.{sql_ident(schema)}.{sql_ident(table)}"
                if not any(spark[table].glob("*.parquet")):
                    rows = con.execute(f"select count(*) from {relation}").fetchone()[0]
                    if rows:
                        problems.append(f"{name}: no rows on Spark, {rows} on DuckDB")
                    compared.append(name)
                    continue
                files = sql_literal((spark[table] / "*.parquet").as_posix())
                problems.extend(_compare_built_table(con, name, relation, f"read_parquet({files})"))
                compared.append(name)
    finally:
        con.close()
    return compared, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kpi_devtools.spark_parity", description=__doc__.split("\n")[0]
    )
    parser.add_argument("database", type=Path, help="the DuckDB build")
    parser.add_argument("warehouse", type=Path, help="spark.sql.warehouse.dir of the Spark build")
    parser.add_argument(
        "--schema",
        action="append",
        dest="schemas",
        help=f"schema to compare (repeatable; default {', '.join(DEFAULT_SCHEMAS)})",
    )
    args = parser.parse_args(argv)
    compared, problems = compare(
        args.database, args.warehouse, tuple(args.schemas or DEFAULT_SCHEMAS)
    )
    for problem in problems:
        print(problem)
    print(
        f"{len(problems)} mismatches in {len(compared)} tables"
        if problems
        else f"all {len(compared)} tables equal"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
