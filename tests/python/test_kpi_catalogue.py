"""The KPI catalogue (var kpi_catalogue of dbt_project.yml) against the marts.

dbt model contracts hold every mart to the columns and types its YAML
declares. What they cannot see is checked here: each catalogue row names a
mart whose declared columns its formulas use (numeric ones), every KPI mart
has a row, each KPI mart's grain comes first and is unique on the demo data,
a row_filter only leaves out rows that add nothing to the sums, and the
scorecard and the kpi_catalogue table hold exactly the catalogue's KPIs with
the mart's sums.
"""

from __future__ import annotations

import math
import re

import pytest
from conftest import ROOT

from ecommerce_kpis import catalogue

KPIS = catalogue.load(ROOT)
MARTS = catalogue.marts(ROOT)
NUMERIC = ("bigint", "int", "double", "decimal")
IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")


def formula_columns(formula: str | None) -> set[str]:
    return set(IDENTIFIER.findall(formula or ""))


@pytest.mark.parametrize("kpi", KPIS, ids=lambda kpi: kpi.kpi_name)
def test_catalogue_row_uses_numeric_columns_of_its_mart(kpi: catalogue.Kpi) -> None:
    assert kpi.mart in MARTS, f"{kpi.kpi_name}: no mart {kpi.mart}"
    mart = MARTS[kpi.mart]
    assert mart.is_kpi_mart, f"{kpi.kpi_name}: {kpi.mart} is not a KPI mart"
    used = formula_columns(kpi.numerator) | formula_columns(kpi.denominator)
    assert used, kpi.kpi_name
    for column in sorted(used):
        assert (mart.data_types.get(column) or "").startswith(NUMERIC), (
            f"{kpi.kpi_name}: {column} is not a numeric column of {kpi.mart}"
        )
    if kpi.date_column is not None:
        assert mart.data_types.get(kpi.date_column) == "date", kpi.kpi_name
    for column in formula_columns(kpi.row_filter) - {"is", "not", "null", "and", "or"}:
        assert column in mart.columns, f"{kpi.kpi_name}: row_filter names {column}"


def test_every_kpi_mart_has_a_catalogue_row() -> None:
    kpi_marts = {name for name, mart in MARTS.items() if mart.is_kpi_mart}
    assert kpi_marts == {kpi.mart for kpi in KPIS}
    assert len({kpi.kpi_name for kpi in KPIS}) == len(KPIS)
    assert len({kpi.label for kpi in KPIS}) == len(KPIS)


@pytest.mark.parametrize("mart", sorted({kpi.mart for kpi in KPIS}))
def test_kpi_mart_grain_comes_first_and_is_unique(ci_connection, mart: str) -> None:
    grain = MARTS[mart].grain
    assert grain, f"{mart}: no grain test (unique_combination_of_columns)"
    assert MARTS[mart].columns[: len(grain)] == grain
    built = [
        row[0]
        for row in ci_connection.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'marts' and table_name = ? order by ordinal_position",
            [mart],
        ).fetchall()
    ]
    assert built == MARTS[mart].columns
    key = ", ".join(grain)
    duplicates = ci_connection.execute(
        f"select count(*) from (select {key} from marts.{mart} group by {key} having count(*) > 1)"
    ).fetchone()[0]
    assert duplicates == 0
    rows = ci_connection.execute(f"select count(*) from marts.{mart}").fetchone()[0]
    assert rows > 0, "every mart has rows on the demo data"


@pytest.mark.parametrize(
    "kpi", [kpi for kpi in KPIS if kpi.row_filter], ids=lambda kpi: kpi.kpi_name
)
def test_row_filter_leaves_out_only_rows_that_add_nothing(ci_connection, kpi) -> None:
    """Power BI and MetricFlow sum every row; the scorecard leaves these out."""
    left_out = ci_connection.execute(
        f"select coalesce(sum({kpi.numerator}), 0), coalesce(sum({kpi.denominator or 0}), 0) "
        f"from marts.{kpi.mart} where not ({kpi.row_filter})"
    ).fetchone()
    assert left_out == (0, 0), kpi.kpi_name


def test_catalogue_table_is_the_catalogue(ci_connection) -> None:
    columns = [
        "kpi_name",
        "label",
        "owner_role",
        "unit",
        "direction",
        "target",
        "alert_threshold",
        "mart",
        "date_column",
        "numerator",
        "denominator",
        "scale",
        "row_filter",
        "metric",
        "formula",
        "maturity_days",
        "alert_window_days",
    ]
    built = ci_connection.execute(
        f"select {', '.join(columns)} from marts.kpi_catalogue order by kpi_name"
    ).fetchall()
    declared = sorted(tuple(getattr(kpi, c) for c in columns) for kpi in KPIS)
    assert built == declared


@pytest.mark.parametrize("kpi", KPIS, ids=lambda kpi: kpi.kpi_name)
def test_scorecard_sums_the_catalogue_formulas(ci_connection, kpi: catalogue.Kpi) -> None:
    """Over all dates up to the as-of date, the scorecard's numerator and
    denominator are the sums of the catalogue's formulas over the mart."""
    as_of = ci_connection.execute("select as_of_date from intermediate.int_as_of_date").fetchone()
    conditions = [kpi.row_filter] if kpi.row_filter else []
    if kpi.date_column:
        conditions.append(f"{kpi.date_column} <= '{as_of[0]}'")
    where = f" where {' and '.join(conditions)}" if conditions else ""
    denominator = f"sum({kpi.denominator})" if kpi.denominator else "null"
    want = ci_connection.execute(
        f"select sum({kpi.numerator})::double, {denominator}::double from marts.{kpi.mart}{where}"
    ).fetchone()
    got = ci_connection.execute(
        "select sum(numerator), sum(denominator), count(*) from marts.kpi_scorecard "
        "where kpi_name = ?",
        [kpi.kpi_name],
    ).fetchone()
    assert got[2] > 0, f"{kpi.kpi_name}: not in the scorecard"
    for expected, actual in zip(want, got[:2], strict=True):
        if expected is None:
            assert actual is None
        else:
            assert math.isclose(actual, expected, rel_tol=1e-9), kpi.kpi_name
    names = ci_connection.execute("select distinct kpi_name from marts.kpi_scorecard").fetchall()
    assert {name for (name,) in names} == {k.kpi_name for k in KPIS}
