"""Deterministic, vectorised demo data for every raw table.

One numpy ``Generator`` seeded once drives everything, so the same ``seed`` and
``scale`` always give byte-identical files. Nothing loops per row in Python:
rows are drawn as arrays and shaped with numpy and pandas.

The shop: a Dutch fashion-and-lifestyle retailer with a webshop, two stores
with door counters, an own warehouse and a fulfilment partner, ad campaigns on
several platforms, and a survey tool. Eighteen months of local time in
Europe/Amsterdam, with weekday/weekend rhythm, a November peak, repeat buyers
and churners, and events on both sides of local midnight and DST switches.

The draws live by domain beside this module (``reference``,
``customers_orders``, ``sessions``, ``logistics``, ``marketing``, ``surveys``,
``product_views``, ``email``);
``draw`` calls them in the order the random stream depends on.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ecommerce_kpis.demo import (
    customers_orders,
    email,
    logistics,
    marketing,
    product_views,
    reference,
    sessions,
    surveys,
)
from ecommerce_kpis.demo.shop import TIMEZONE, TS_FORMAT, Config, Shop
from ecommerce_kpis.schema import RAW_TABLES, columns
from ecommerce_kpis.sql_names import sql_ident, sql_literal

__all__ = ["TIMEZONE", "Config", "Shop", "draw", "generate", "write"]


def draw(shop: Shop, reseed: list[int] | None = None) -> dict[str, pd.DataFrame]:
    """All raw tables with their natural dtypes (timestamps, floats, ints).

    ``reseed`` restarts the random stream after the shared catalogue
    (stores, warehouses, promotions, campaigns, products): shards of a
    large tier share that catalogue but draw their own customers.
    """
    reference.draw_reference(shop)
    reference.draw_products(shop)
    if reseed is not None:
        shop.rng = np.random.default_rng(reseed)
    customers_orders.draw_customers_and_orders(shop)
    sessions.draw_sessions(shop)
    customers_orders.draw_order_lines(shop)
    logistics.draw_shipments(shop)
    logistics.draw_fulfilment_costs(shop)
    logistics.draw_returns(shop)
    marketing.draw_marketing(shop)
    surveys.draw_nps(shop)
    # last, each from its own random stream: every other table stays as it was
    product_views.draw_product_views(shop)
    email.draw_email(shop)
    shop.tables["orders"] = shop.orders[columns("orders")]
    # the demo shop sells in the reporting currency: no exchange rates
    shop.tables["fx_rates"] = pd.DataFrame(columns=columns("fx_rates"))
    return {name: shop.tables[name][columns(name)] for name in RAW_TABLES}


def _format(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Text columns in the raw layout: timestamps, 2-decimal money."""
    out = pd.DataFrame(index=df.index)
    for name, kind in RAW_TABLES[table]:
        col = df[name]
        if kind == "timestamp":
            col = pd.to_datetime(col).dt.strftime(TS_FORMAT)
        elif kind == "decimal":
            col = pd.Series([f"{v:.2f}" for v in col.to_numpy(dtype=float)], index=df.index)
        elif kind == "rate":
            col = pd.Series([f"{v:.8f}" for v in col.to_numpy(dtype=float)], index=df.index)
        elif kind == "integer":
            col = col.astype("Int64").astype(str).replace("<NA>", None)
        out[name] = col.astype(object).where(col.notna(), None)
    return out.reset_index(drop=True)


def generate(config: Config) -> dict[str, pd.DataFrame]:
    """All raw tables as text data frames, keyed by table name (no prefix)."""
    return {name: _format(name, df) for name, df in draw(Shop(config)).items()}


def write(
    tables: dict[str, pd.DataFrame], folder: Path, fmt: str = "csv", prefix: str = ""
) -> list[Path]:
    """Write the tables as ``<prefix><table>.csv`` or ``.parquet`` files."""
    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    paths = []
    for name, df in tables.items():
        path = folder / f"{prefix}{name}.{fmt}"
        con.register("frame", df.astype(object))
        select = ", ".join(f"cast({sql_ident(c)} as varchar) as {sql_ident(c)}" for c in df.columns)
        options = "(format csv, header true)" if fmt == "csv" else "(format parquet)"
        con.execute(f"copy (select {select} from frame) to {sql_literal(path)} {options}")
        con.unregister("frame")
        paths.append(path)
    con.close()
    return paths
