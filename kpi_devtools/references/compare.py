"""Compare reference results with the marts of a built DuckDB database.

Row for row on the grain columns (NULL matches NULL); every contract column
must agree, numbers within a relative 1e-9, NULL only where the mart has NULL.

    python -m kpi_devtools.references.compare RESULTS_DIR DATABASE [--schema marts]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from ecommerce_kpis.sql_names import relation_columns, sql_ident, sql_literal
from kpi_devtools.references import KPI_COLUMNS, KPIS

RELATIVE_TOLERANCE = 1e-9
EXAMPLES = 3

# how each grain column is normalised before the join (a reference may write
# a date as a timestamp at midnight, a flag as 0/1)
GRAIN_TYPES = {"date_day": "date", "has_order": "boolean"}


def _is_number(type_name: str) -> bool:
    name = type_name.upper()
    return name.startswith(("DECIMAL", "DOUBLE", "FLOAT", "REAL", "NUMERIC")) or name in {
        "TINYINT",
        "SMALLINT",
        "INTEGER",
        "BIGINT",
        "HUGEINT",
        "UTINYINT",
        "USMALLINT",
        "UINTEGER",
        "UBIGINT",
    }


def compare_kpi(con: duckdb.DuckDBPyConnection, kpi: str, reference: str, mart: str) -> list[str]:
    """Mismatches between one reference relation and its mart relation."""
    grain, measures = KPI_COLUMNS[kpi]
    problems: list[str] = []
    ref_columns = relation_columns(con, reference)
    mart_columns = relation_columns(con, mart)
    for column in grain + measures:
        for side, columns in (("reference", ref_columns), ("mart", mart_columns)):
            if column not in columns:
                problems.append(f"{kpi}: column {column} missing in the {side}")
    if problems:
        return problems

    def keyed(relation: str) -> str:
        keys = ", ".join(
            f"cast({sql_ident(c)} as {GRAIN_TYPES[c]}) as {sql_ident(c)}"
            if c in GRAIN_TYPES
            else sql_ident(c)
            for c in grain
        )
        values = ", ".join(sql_ident(c) for c in measures)
        return f"(select {keys}, {values} from {relation})"

    grain_list = ", ".join(sql_ident(c) for c in grain)
    for side, relation in (("reference", reference), ("mart", mart)):
        duplicates = con.execute(
            f"select count(*) from (select {grain_list} from {relation} "
            f"group by all having count(*) > 1)"
        ).fetchone()[0]
        if duplicates:
            problems.append(f"{kpi}: {duplicates} grain combinations repeat in the {side}")

    on = " and ".join(f"r.{sql_ident(c)} is not distinct from m.{sql_ident(c)}" for c in grain)
    con.execute(
        f"create or replace temp table joined as select "
        f"{', '.join(f'coalesce(r.{sql_ident(c)}, m.{sql_ident(c)}) as {sql_ident(c)}' for c in grain)}, "
        f"r.__present as in_reference, m.__present as in_mart, "
        + ", ".join(
            f"r.{sql_ident(c)} as {sql_ident('r_' + c)}, m.{sql_ident(c)} as {sql_ident('m_' + c)}"
            for c in measures
        )
        + f" from (select *, true as __present from {keyed(reference)}) as r "
        f"full outer join (select *, true as __present from {keyed(mart)}) as m on {on}"
    )

    def examples(condition: str, columns: list[str]) -> str:
        rows = con.execute(
            f"select {', '.join(columns)} from joined where {condition} "
            f"order by {grain_list} limit {EXAMPLES}"
        ).fetchall()
        return "; ".join(str(row) for row in rows)

    for side, condition in (
        ("reference", "in_mart is null"),
        ("mart", "in_reference is null"),
    ):
        count = con.execute(f"select count(*) from joined where {condition}").fetchone()[0]
        if count:
            problems.append(
                f"{kpi}: {count} rows only in the {side}, e.g. "
                + examples(condition, [sql_ident(c) for c in grain])
            )

    both = "in_reference and in_mart"
    for column in measures:
        r, m = sql_ident("r_" + column), sql_ident("m_" + column)
        if _is_number(ref_columns[column]) and _is_number(mart_columns[column]):
            r_num, m_num = f"cast({r} as double)", f"cast({m} as double)"
            differs = (
                f"({r} is null) != ({m} is null) or "
                f"abs({r_num} - {m_num}) > {RELATIVE_TOLERANCE} * "
                f"greatest(abs({r_num}), abs({m_num}))"
            )
        else:
            differs = f"{r} is distinct from {m}"
        condition = f"{both} and ({differs})"
        count = con.execute(f"select count(*) from joined where {condition}").fetchone()[0]
        if count:
            problems.append(
                f"{kpi}: {column} differs on {count} rows, e.g. (grain..., reference, mart) "
                + examples(condition, [*(sql_ident(c) for c in grain), r, m])
            )
    return problems


def compare(results_dir: Path, duckdb_path: Path, schema: str = "marts") -> list[str]:
    """Mismatches of every ``results_dir/<kpi>.parquet`` against ``schema.<kpi>``.

    An empty list means every reference result equals its mart.
    """
    problems: list[str] = []
    con = duckdb.connect()
    try:
        con.execute(f"attach {sql_literal(str(duckdb_path))} as built (read_only)")
        for kpi in KPIS:
            result = Path(results_dir) / f"{kpi}.parquet"
            if not result.exists():
                problems.append(f"{kpi}: no result file {result}")
                continue
            reference = f"read_parquet({sql_literal(result.as_posix())})"
            mart = f"built.{sql_ident(schema)}.{sql_ident(kpi)}"
            problems.extend(compare_kpi(con, kpi, reference, mart))
    finally:
        con.close()
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kpi_devtools.references.compare", description=__doc__.split("\n")[0]
    )
    parser.add_argument("results_dir", type=Path, help="folder of <kpi>.parquet results")
    parser.add_argument("database", type=Path, help="built DuckDB database")
    parser.add_argument("--schema", default="marts")
    args = parser.parse_args(argv)
    problems = compare(args.results_dir, args.database, args.schema)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} mismatches" if problems else "all KPIs equal the marts")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
