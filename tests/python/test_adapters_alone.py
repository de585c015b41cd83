"""Shop adapters as a build's only sources (D71): no raw_data_path, no demo.

Its own build, apart from the README's stack (test_landed_stack): two shops,
Shopify's CSV exports and WooCommerce, side by side, and nothing else.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CI_DATABASE_NAME, DbtRun, build_with_vars, query

from ecommerce_kpis.demo.generate import Config, generate
from ecommerce_kpis.demo.shapes import write_shape

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def adapters_alone(tmp_path_factory: pytest.TempPathFactory) -> tuple[DbtRun, Path]:
    """Two shop adapters as the only sources: no sessions, ads, surveys or
    door counts, no raw_data_path. The demo shop as Shopify's CSV exports
    and as WooCommerce: two shops in one build, their ids apart by platform
    (the Fivetran shape is built in the README's stack: test_source_adapters)."""
    folder = tmp_path_factory.mktemp("adapters_alone")
    tables = generate(Config())
    for shape in ("shopify_csv", "woocommerce"):
        write_shape(shape, tables, folder)
    database = folder / CI_DATABASE_NAME
    variables = {
        "source_adapters": {
            "shopify_csv": {"path": str(folder / "shopify_csv")},
            "woocommerce": {"path": str(folder / "woocommerce")},
        }
    }
    return build_with_vars(database, variables), database


def test_the_adapters_alone_build_green_without_the_demo(adapters_alone) -> None:
    """Shops with their platform's data only: their KPIs are built, the
    others are empty (the demo seeds are not read in their place)."""
    result, database = adapters_alone
    failed = [r["unique_id"] for r in result.results if r["status"] in ("error", "fail")]
    assert result.success, failed or result.output[-3000:]
    rows = {
        mart: query(database, f"select count(*) from marts.{mart}")[0][0]
        for mart in [
            "kpi_average_order_value",
            "kpi_return_rate",
            "kpi_repeat_purchase_ratio",
            "kpi_conversion_rate",
            "kpi_net_promoter_score",
            "kpi_click_through_rate",
        ]
    }
    assert {mart: n > 0 for mart, n in rows.items()} == {
        "kpi_average_order_value": True,
        "kpi_return_rate": True,
        "kpi_repeat_purchase_ratio": True,
        "kpi_conversion_rate": False,
        "kpi_net_promoter_score": False,
        "kpi_click_through_rate": False,
    }
    # POS orders are store transactions; without door counts no visitors
    assert (
        query(database, "select count(*), count(visitors) from marts.kpi_store_conversion_rate")[0][
            1
        ]
        == 0
    )
    assert query(database, "select count(*) from staging.stg_web_analytics__sessions") == [(0,)]
    # each adapter's orders passed staging, side by side, and nothing else
    (by_adapter,) = query(
        database,
        "select count(*) filter (where order_id like 'shopify:%'),"
        " count(*) filter (where order_id like 'woocommerce:%'),"
        " count(*) filter (where order_id not similar to '(shopify|woocommerce):.*')"
        " from staging.stg_shop__orders",
    )
    assert [n > 0 for n in by_adapter] == [True, True, False], by_adapter
