"""The typed fast path (D101): a rule never depends on how a value arrived.

The same rows are built twice: once as CSV text, once as Parquet whose
columns have the spec's types (a column stays text where a value's text is
not the text of its typed value, e.g. `abc` in an amount column, so that
both files hold the same values). The demo data, the bad rows of
test_bad_input and rows whose typed value passes the type but not the text
format (a fraction of a second, a year beyond 9999, a negative exchange rate,
a BIGINT beyond the integer range) must give identical marts and an
identical quarantine.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb
import pytest
from conftest import CI_DATABASE_NAME
from export_builds import Build, append_rows, write_exports
from test_bad_input import BAD_ROWS

from ecommerce_kpis.schema import columns, raw_table

# dbt builds of their own (make check leaves the module out)
pytestmark = pytest.mark.slow


def session(session_id: str, start_at: str, duration_seconds: str) -> list[str]:
    """A raw session row, sound but for the start and the duration given."""
    visitor_id = "V" + session_id[1:]
    return [
        session_id,
        visitor_id,
        "",
        start_at,
        duration_seconds,
        "2",
        "1",
        "mobile",
        "direct",
        "",
        "/",
    ]


# rows whose typed values fit the Parquet types, with the rule each breaks,
# worked out by hand from docs/spec/raw-tables.md's text formats
TYPED_EDGE_ROWS: dict[str, list[tuple[list[str], str]]] = {
    "sessions": [
        (
            session("S9100001", "2025-03-01 10:00:00.5", "60"),
            "session_start_at: not a valid timestamp",
        ),
        (session("S9100002", "2025-03-01 10:00:00", "-5"), "duration_seconds: negative"),
        # a BIGINT beyond the integer range: the text does not cast either
        (
            session("S9100003", "2025-03-01 10:00:00", "3000000000"),
            "duration_seconds: not a valid integer",
        ),
    ],
    "promotions": [
        (
            ["PR91", "Far future", "percentage", "10000-01-01", "10000-01-31"],
            "starts_on: not a valid date",
        ),
    ],
    "fx_rates": [
        (["2025-01-01", "USD", "-1.50000000"], "rate_to_reporting: not a valid rate"),
    ],
}
# fx_rates is empty in the demo: two sound rates beside the bad one
SOUND_FX_RATES = [["2025-01-01", "EUR", "1.00000000"], ["2025-01-01", "GBP", "1.17000000"]]
# the builds hold a few bad rows in small tables (one of ten promotions)
LIMIT_VARS = {"dq_max_rejected_share": 0.5}
# a narrower number type than the spec's is read as it is too (D101):
# durations as pandas writes integers, a fee as a shop system's decimal
PARQUET_TYPE_OF_COLUMN = {
    ("sessions", "duration_seconds"): "bigint",
    ("orders", "shipping_fee"): "decimal(10, 2)",
}


def expected_cases() -> dict[str, list[tuple[list[str], str]]]:
    """The bad rows and the edge rows, without the lines whose field count
    differs from the header's: a file-shape problem only CSV can have."""
    cases: dict[str, list[tuple[list[str], str]]] = {}
    for rows in (BAD_ROWS, TYPED_EDGE_ROWS):
        for table, table_cases in rows.items():
            width = len(columns(table))
            cases.setdefault(table, []).extend(c for c in table_cases if len(c[0]) == width)
    return cases


def write_csv_exports(folder: Path) -> Path:
    """The demo, the bad rows and the edge rows as CSV exports."""
    write_exports(folder)
    for table, cases in expected_cases().items():
        append_rows(folder, table, [row for row, _ in cases])
    append_rows(folder, "fx_rates", SOUND_FX_RATES)
    return folder


def to_typed_parquet(folder: Path) -> dict[str, list[str]]:
    """Each CSV export of `folder` rewritten as Parquet with the spec's
    types: a column is typed when every value is empty or the text of its
    typed value. Returns table -> its typed columns."""
    typed: dict[str, list[str]] = {}
    with duckdb.connect() as con:
        for csv_file in sorted(folder.glob("*.csv")):
            table = csv_file.stem
            rows = f"read_csv('{csv_file.as_posix()}', all_varchar = true, header = true)"
            selects, typed[table] = [], []
            for column in raw_table(table).columns:
                name = column.name
                spec_type = None if column.data_type == "varchar" else column.data_type
                kind = PARQUET_TYPE_OF_COLUMN.get((table, name), spec_type)
                round_trips = (
                    kind is not None
                    and con.execute(
                        f"select bool_and(coalesce({name}, '') = '' "
                        f"or coalesce(cast(try_cast({name} as {kind}) as varchar) = {name}, false)) "
                        f"from {rows}"
                    ).fetchone()[0]
                )
                if round_trips:
                    selects.append(f"try_cast(nullif({name}, '') as {kind}) as {name}")
                    typed[table].append(name)
                else:
                    selects.append(name)
            target = (folder / f"{table}.parquet").as_posix()
            con.execute(f"copy (select {', '.join(selects)} from {rows}) to '{target}'")
            csv_file.unlink()
    return typed


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Build, Build, dict[str, list[str]]]:
    workdir = tmp_path_factory.mktemp("typed_parquet")
    as_text = write_csv_exports(workdir / "csv")
    as_typed = write_csv_exports(workdir / "parquet")
    typed_columns = to_typed_parquet(as_typed)
    return (
        Build(as_text, workdir / "csv_build" / CI_DATABASE_NAME, LIMIT_VARS),
        Build(as_typed, workdir / "parquet_build" / CI_DATABASE_NAME, LIMIT_VARS),
        typed_columns,
    )


def compiled(build: Build, model: str) -> str:
    """The compiled SQL of one model of a build."""
    target = build.database.with_suffix(".target")
    return next(target.rglob(f"compiled/**/{model}.sql")).read_text()


def quarantine(build: Build) -> list[tuple]:
    return build.query(
        "select source_table, row_key, rule_broken, raw_row from marts.dq_rejected_rows "
        "order by all"
    )


def test_both_builds_pass(builds) -> None:
    as_text, as_typed, _ = builds
    assert as_text.result.success, as_text.messages
    assert as_typed.result.success, as_typed.messages


def test_the_parquet_files_are_typed(builds) -> None:
    """The comparison means something only if the values arrive typed."""
    _, as_typed, typed_columns = builds
    assert typed_columns["sessions"] == [
        "session_start_at",
        "duration_seconds",
        "pageviews",
        "interactions",
    ]
    assert typed_columns["promotions"] == ["starts_on", "ends_on"]
    assert typed_columns["fx_rates"] == ["rate_date", "rate_to_reporting"]
    # an amount column with `abc` in it stays text
    assert "unit_cost" not in typed_columns["products"]
    schema = dict(
        duckdb.sql(
            f"select name, type from parquet_schema('{as_typed.folder / 'sessions.parquet'}')"
        ).fetchall()
    )
    assert schema["session_start_at"] == "INT64" and schema["pageviews"] == "INT32"
    assert schema["duration_seconds"] == "INT64"
    assert "shipping_fee" in typed_columns["orders"]


def test_typed_columns_are_read_without_text(builds) -> None:
    """The base model reads a typed column as it is (no cast to text)."""
    _, as_typed, _ = builds
    sessions = compiled(as_typed, "base_web_analytics__sessions")
    assert '"session_start_at" as session_start_at' in sessions
    assert '"duration_seconds" as duration_seconds' in sessions
    assert 'cast("session_start_at" as' not in sessions
    assert 'cast("session_id" as' in sessions  # text stays text
    assert '"shipping_fee" as shipping_fee' in compiled(as_typed, "base_shop__orders")


@pytest.mark.parametrize(
    ("table", "key", "rule"),
    [
        (t, row[0] if t != "fx_rates" else row[1], rule)
        for t, cases in TYPED_EDGE_ROWS.items()
        for row, rule in cases
    ],
)
def test_a_typed_value_breaks_the_rule_its_text_breaks(builds, table, key, rule) -> None:
    as_text, as_typed, _ = builds
    for build in (as_text, as_typed):
        rules = [r for t, k, r, _ in quarantine(build) if t == table and key in (k or "")]
        assert rules == [rule], build.folder


def test_text_and_typed_parquet_give_the_same_quarantine(builds) -> None:
    as_text, as_typed, _ = builds
    assert quarantine(as_typed) == quarantine(as_text)
    rules = Counter((table, rule) for table, _, rule, _ in quarantine(as_text))
    expected = Counter((t, rule) for t, cases in expected_cases().items() for _, rule in cases)
    assert rules == expected


def test_text_and_typed_parquet_give_the_same_marts(builds) -> None:
    as_text, as_typed, _ = builds
    marts = as_text.marts()
    assert marts and as_typed.marts() == marts
