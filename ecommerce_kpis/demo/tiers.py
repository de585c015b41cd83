"""Benchmark tiers: the demo shop at S, M and L size, as typed Parquet folders.

A tier is drawn in *shards*: every shard is the demo generator at a fixed
scale with its own random stream and its own customers, sessions and orders
(ids prefixed ``K<shard>``), sharing one catalogue (stores, warehouses,
promotions, campaigns, products). Shards run in parallel processes and are
written as they are drawn, so memory stays that of one shard per worker
whatever the tier.

Layout of a tier folder (readable with the dbt var ``raw_data_path``)::

    <table>.parquet            catalogue and daily booking tables
    <table>/part-NNNN.parquet  customers and the event tables, one part a shard
    _append/<table>/...        the last local day of the event tables, held
                               back so that the benchmark can append one day

Daily booking tables (ad performance, store traffic, fulfilment and marketing
costs) are summed over the shards per key, so each key stays one row where the
contract asks for it. Columns carry the contract types: TIMESTAMP (naive UTC),
DATE, DECIMAL(18,2), INTEGER and VARCHAR.
"""

from __future__ import annotations

import json
import multiprocessing
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ecommerce_kpis.demo.generate import TIMEZONE, Config, Shop, draw
from ecommerce_kpis.schema import KIND_SQL_TYPES, RAW_TABLES
from ecommerce_kpis.sql_names import sql_ident, sql_literal


@dataclass(frozen=True)
class Tier:
    """A tier: how many shards of which generator scale."""

    name: str
    shards: int
    shard_scale: float


# S is the demo (the seeds); a shard at scale 10 has ~1.2 M sessions and
# ~37 k orders, so M (25 shards) has ~30 M sessions and ~0.9 M orders and L
# (250 shards) ~300 M sessions, ~9 M orders and ~18 M order lines.
TIERS: dict[str, Tier] = {
    "S": Tier("S", 1, 1.0),
    "M": Tier("M", 25, 10.0),
    "L": Tier("L", 250, 10.0),
}

# tables written once, from shard 0
CATALOGUE = (
    "stores",
    "warehouses",
    "promotions",
    "campaigns",
    "products",
    "product_complements",
    "fx_rates",
)
# per-day bookings: summed over the shards per key
DAILY = {
    "store_traffic": (["store_id", "traffic_date"], ["visitors"]),
    "ad_performance": (
        ["report_date", "campaign_id"],
        ["impressions", "reach", "clicks", "cost", "platform_conversions"],
    ),
    "fulfilment_costs": (["cost_date", "warehouse_id", "cost_type"], ["amount"]),
    "marketing_costs": (["cost_date", "channel", "cost_type"], ["amount"]),
}
# one part file a shard; the event tables hold back their last local day
PARTS = (
    "customers",
    "sessions",
    "product_views",
    "orders",
    "order_lines",
    "shipments",
    "returns",
    "nps_responses",
    "email_events",
)
# the timestamp that dates an event row (order lines: their order's)
EVENT_TIME = {
    "sessions": "session_start_at",
    "orders": "ordered_at",
    "shipments": "shipped_at",
    "returns": "requested_at",
    "nps_responses": "responded_at",
    "product_views": "viewed_at",
    "email_events": "event_at",
}
# shard-local ids that get the shard prefix
SHARD_IDS = {
    "customers": ["customer_id"],
    "sessions": ["session_id", "visitor_id", "customer_id"],
    "orders": ["order_id", "customer_id", "session_id"],
    "order_lines": ["order_line_id", "order_id"],
    "shipments": ["shipment_id", "order_id"],
    "returns": ["return_id", "order_line_id"],
    "nps_responses": ["response_id", "customer_id", "order_id"],
    "product_views": ["view_id", "session_id"],
    "email_events": ["event_id", "recipient_id", "customer_id"],
}


def _select(table: str, prefix: str) -> str:
    """The typed select list of a raw table, ids prefixed with the shard."""
    items = []
    for column, kind in RAW_TABLES[table]:
        expression = f"cast({sql_ident(column)} as {KIND_SQL_TYPES[kind]})"
        if prefix and column in SHARD_IDS.get(table, []):
            expression = f"{sql_literal(prefix)} || {expression}"
        items.append(f"{expression} as {sql_ident(column)}")
    return ", ".join(items)


def _copy(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, table: str, prefix: str, path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    con.register("frame", frame)
    con.execute(
        f"copy (select {_select(table, prefix)} from frame) to {sql_literal(path)} "
        "(format parquet, compression zstd, row_group_size 1000000)"
    )
    con.unregister("frame")


def _local_day(utc: pd.Series) -> np.ndarray:
    ts = pd.to_datetime(utc)
    local = ts.dt.tz_localize("UTC").dt.tz_convert(TIMEZONE).dt.tz_localize(None)
    return local.dt.normalize().to_numpy()


def draw_shard(out: Path, tier: Tier, shard: int, seed: int = 42) -> dict[str, int]:
    """Draw one shard and write its parts; returns rows written per table."""
    shop = Shop(Config(seed=seed, scale=tier.shard_scale))
    frames = draw(shop, reseed=[seed, shard] if shard else None)
    last_day = np.datetime64(shop.cfg.last_day.normalize())
    prefix = f"K{shard:04d}" if tier.shards > 1 else ""
    con = duckdb.connect()
    con.execute("set threads = 1")
    con.execute("set enable_progress_bar = false")
    rows: dict[str, int] = {}
    held = {}
    for table, column in EVENT_TIME.items():
        held[table] = _local_day(frames[table][column]) == last_day
    held_orders = set(frames["orders"].order_id[held["orders"]])
    held["order_lines"] = frames["order_lines"].order_id.isin(held_orders).to_numpy()
    held["customers"] = np.zeros(len(frames["customers"]), dtype=bool)
    for table in PARTS:
        frame, mask = frames[table], held[table]
        name = f"part-{shard:04d}.parquet"
        _copy(con, frame[~mask], table, prefix, out / table / name)
        if mask.any():
            _copy(con, frame[mask], table, prefix, out / "_append" / table / name)
        rows[table] = len(frame)
    for table in DAILY:
        _copy(con, frames[table], table, "", out / "_shards" / table / f"part-{shard:04d}.parquet")
        rows[table] = len(frames[table])
    if shard == 0:
        for table in CATALOGUE:
            _copy(con, frames[table], table, "", out / f"{table}.parquet")
    con.close()
    return rows


def _draw(args: tuple[Path, Tier, int, int]) -> dict[str, int]:
    return draw_shard(*args)


def _sum_daily(out: Path) -> None:
    """Sum the shards' daily bookings per key into ``<table>.parquet``."""
    con = duckdb.connect()
    con.execute("set enable_progress_bar = false")
    for table, (keys, values) in DAILY.items():
        parts = sql_literal(out / "_shards" / table / "*.parquet")
        sums = ", ".join(f"sum({sql_ident(v)}) as {sql_ident(v)}" for v in values)
        grouped = f"select {', '.join(keys)}, {sums} from read_parquet({parts}) group by all"
        con.execute(
            f"copy (select {_select(table, '')} from ({grouped}) order by all) "
            f"to {sql_literal(out / f'{table}.parquet')} (format parquet, compression zstd)"
        )
    con.close()
    shutil.rmtree(out / "_shards")


def write_tier(name: str, out: Path, seed: int = 42, workers: int = 2) -> dict:
    """Write tier ``name`` (S, M or L) into ``out`` (replaced); returns a summary."""
    tier = TIERS[name.upper()]
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    start = time.perf_counter()
    jobs = [(out, tier, shard, seed) for shard in range(tier.shards)]
    totals: dict[str, int] = {}
    if workers > 1 and tier.shards > 1:
        with multiprocessing.get_context("fork").Pool(workers, maxtasksperchild=10) as pool:
            results = list(pool.imap_unordered(_draw, jobs))
    else:
        results = [_draw(job) for job in jobs]
    for result in results:
        for table, n in result.items():
            totals[table] = totals.get(table, 0) + n
    _sum_daily(out)
    summary = {
        "tier": tier.name,
        "shards": tier.shards,
        "shard_scale": tier.shard_scale,
        "seed": seed,
        "seconds": round(time.perf_counter() - start, 1),
        "rows_drawn": totals,
    }
    (out / "_tier.json").write_text(json.dumps(summary, indent=2) + "\n")
    return summary
