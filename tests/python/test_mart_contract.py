"""Every KPI mart has the contract's name, grain (first, unique) and columns."""

from __future__ import annotations

import pytest

from ecommerce_kpis.contract import KPI_MARTS

# Marts delivered so far; the list grows with each KPI issue until all 22 are here.
BUILT = {
    "kpi_conversion_rate",
    "kpi_bounce_rate",
    "kpi_avg_session_duration",
    "kpi_cost_per_acquisition",
    "kpi_average_order_value",
    "kpi_cross_sell_ratio",
    "kpi_upsell_ratio",
    "kpi_discount_margin_impact",
    "kpi_visitors_per_day",
    "kpi_store_conversion_rate",
    "kpi_reach_impressions",
    "kpi_click_through_rate",
    "kpi_cost_per_conversion",
}


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
