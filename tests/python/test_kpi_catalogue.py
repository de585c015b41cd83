"""Every KPI mart has the contract's name, grain (first, unique) and columns."""

from __future__ import annotations

import pytest

from ecommerce_kpis.contract import KPI_MARTS

# Every KPI mart of the contract is built.
BUILT = set(KPI_MARTS)


def test_every_built_mart_is_in_the_contract(ci_connection) -> None:
    tables = {
        r[0]
        for r in ci_connection.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'marts' and table_name like 'kpi\\_%' escape '\\'"
        ).fetchall()
    }
    assert tables >= BUILT
    assert tables <= set(KPI_MARTS) | {"kpi_scorecard", "kpi_alerts"}


@pytest.mark.parametrize("mart", sorted(BUILT))
def test_mart_shape(ci_connection, mart: str) -> None:
    spec = KPI_MARTS[mart]
    columns = [
        r[0]
        for r in ci_connection.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'marts' and table_name = ? order by ordinal_position",
            [mart],
        ).fetchall()
    ]
    grain = spec["grain"]
    assert columns[: len(grain)] == grain
    assert columns[len(grain) : len(grain) + len(spec["columns"])] == spec["columns"]
    key = ", ".join(grain)
    duplicates = ci_connection.execute(
        f"select count(*) from (select {key} from marts.{mart} group by all having count(*) > 1)"
    ).fetchone()[0]
    assert duplicates == 0
    rows = ci_connection.execute(f"select count(*) from marts.{mart}").fetchone()[0]
    assert rows > 0, "every mart has rows on the demo data"
