"""sql_string (macros/portability/sql_string.sql): a value as a string literal
that the engine reads back as the same value: quotes doubled for DuckDB,
backslash escapes for Spark SQL (which reads 'a''b' as two adjacent
literals, ab)."""

from __future__ import annotations

import duckdb
import jinja2
import pytest
from conftest import ROOT


class _Returned(Exception):
    """dbt's `return()` in a macro: the value, raised out of the call."""


def sql_string(target_type: str, value: str) -> str:
    def give_back(returned: str) -> None:
        raise _Returned(returned)

    source = (ROOT / "macros" / "portability" / "sql_string.sql").read_text()
    module = (
        jinja2.Environment(extensions=["jinja2.ext.do"])
        .from_string(source)
        .make_module({"target": {"type": target_type}, "return": give_back})
    )
    with pytest.raises(_Returned) as returned:
        module.sql_string(value)
    return returned.value.args[0]


@pytest.mark.parametrize("value", ["plain", "it's", "''", "a \\ b", "\\'", "é\tx"])
def test_duckdb_reads_the_literal_back_as_the_value(value: str) -> None:
    literal = sql_string("duckdb", value)
    assert duckdb.sql(f"select {literal}").fetchone()[0] == value


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        ("plain", "'plain'"),
        ("it's", "'it\\'s'"),
        ("a \\ b", "'a \\\\ b'"),
        ("\\'", "'\\\\\\''"),
    ],
)
def test_spark_gets_backslash_escapes(value: str, literal: str) -> None:
    assert sql_string("spark", value) == literal
