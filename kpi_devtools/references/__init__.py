"""Reference implementations of the daily KPIs on the large facts, for the benchmark.

Three ways to compute the same marts without dbt, straight from a folder of raw
Parquet files (``RAW_DIR/<table>.parquet`` or ``RAW_DIR/<table>/*.parquet``):

- :mod:`.duckdb_sql`: one hand-written DuckDB query per KPI ("the limit"),
- :mod:`.pandas_kpis`: the same KPIs in pandas ("what an analyst would write"),
- :mod:`.polars_kpis`: the same KPIs in lazy Polars ("what a data engineer
  picks over pandas today"),

plus :mod:`.compare` (reference results against a built database's marts),
:mod:`.typed_raw` (the CSV seeds as Parquet with the contract's column types)
and :mod:`.floor` (no KPIs: every raw table written once, the least a
pipeline that keeps each raw row in a table can do).
All references assume clean input: no row would be quarantined.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from ecommerce_kpis.catalogue import marts

# The KPIs computed by every reference; their grain and measure columns are
# those the marts' YAML declares (held to the marts by dbt model contracts).
KPIS: Final[tuple[str, ...]] = (
    "kpi_conversion_rate",
    "kpi_bounce_rate",
    "kpi_avg_session_duration",
    "kpi_cost_per_acquisition",
    "kpi_return_rate",
    "kpi_average_order_value",
    "kpi_discount_margin_impact",
    "kpi_visitors_per_day",
)
ROOT: Final = Path(__file__).resolve().parents[2]
_MARTS = marts(ROOT)
KPI_COLUMNS: Final[dict[str, tuple[list[str], list[str]]]] = {
    kpi: (_MARTS[kpi].grain, [c for c in _MARTS[kpi].columns if c not in _MARTS[kpi].grain])
    for kpi in KPIS
}

# the raw columns the pandas and Polars references read, per table, and
# those holding money (both sum it as exact integer cents)
COLUMNS: Final[dict[str, list[str]]] = {
    "sessions": [
        "session_id",
        "visitor_id",
        "session_start_at",
        "duration_seconds",
        "pageviews",
        "interactions",
        "device_category",
        "channel",
        "landing_page",
    ],
    "orders": [
        "order_id",
        "customer_id",
        "session_id",
        "sales_channel",
        "store_id",
        "ordered_at",
        "status",
        "promotion_id",
    ],
    "order_lines": [
        "order_line_id",
        "order_id",
        "product_id",
        "quantity",
        "unit_price",
        "discount_amount",
    ],
    "products": ["product_id", "category", "brand", "unit_cost"],
    "customers": ["customer_id", "customer_type"],
    "returns": ["order_line_id", "quantity", "refund_amount"],
    "campaigns": ["campaign_id", "channel"],
    "ad_performance": ["report_date", "campaign_id", "cost"],
    "marketing_costs": ["cost_date", "channel", "amount"],
    "store_traffic": ["store_id", "traffic_date", "visitors"],
}
MONEY: Final = {"unit_price", "discount_amount", "unit_cost", "refund_amount", "cost", "amount"}

DEFAULT_TIMEZONE: Final = "Europe/Amsterdam"


def check_timezone(timezone: str) -> str:
    """An IANA zone name such as Europe/Amsterdam (the dbt macro's rule), or ValueError."""
    if not re.fullmatch(r"[A-Za-z]+(?:[/_+-][A-Za-z0-9]+)*", timezone):
        raise ValueError(f"not an IANA time zone name: {timezone!r}")
    return timezone


def raw_path(raw_dir: Path, table: str) -> Path:
    """The raw table's single file ``<table>.parquet`` or its folder of part files."""
    single = raw_dir / f"{table}.parquet"
    if single.is_file():
        return single
    folder = raw_dir / table
    if folder.is_dir() and any(folder.glob("*.parquet")):
        return folder
    raise FileNotFoundError(f"raw table {table!r}: neither {single} nor {folder}/*.parquet")
