"""Reference 3, "what a data engineer picks over pandas today": the KPIs in Polars.

One lazy query plan for all eight KPIs: each raw table is scanned once
(``scan_parquet`` of only the columns it needs, from ``<table>.parquet`` or a
folder of part files), the frames several KPIs share (sessions with their
local day, valid orders with totals and customer status, valid order lines)
are plain lazy frames, and ``collect_all`` runs the eight plans together so
that Polars evaluates each shared subplan once. Money is exact integer cents
(Parquet DECIMAL(18,2) times 100) until the last step, which reports euros as
floats like the pandas reference.

    python -m kpi_devtools.references.polars_kpis RAW_DIR [--out OUT]

prints one JSON object: the rows of each KPI, the seconds spent planning and
collecting, and the total.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import polars as pl

from kpi_devtools.references import (
    COLUMNS,
    DEFAULT_TIMEZONE,
    KPI_COLUMNS,
    KPIS,
    MONEY,
    check_timezone,
    raw_path,
)

Frames = dict[str, pl.LazyFrame]

# summed integers int64 (Parquet INTEGER is int32); money becomes int64 cents
SUMMED_INTEGERS = {"duration_seconds", "quantity", "visitors"}


def scan(raw_dir: Path, table: str) -> pl.LazyFrame:
    """The needed columns of one raw table, lazily; money as int64 cents."""
    path = raw_path(raw_dir, table)
    source = path / "*.parquet" if path.is_dir() else path
    columns = COLUMNS[table]
    return pl.scan_parquet(source).select(
        to_cents(c) if c in MONEY else pl.col(c).cast(pl.Int64) if c in SUMMED_INTEGERS else c
        for c in columns
    )


def to_cents(column: str) -> pl.Expr:
    """Decimal euros (Parquet DECIMAL(18,2)) as exact int64 cents."""
    return (pl.col(column).cast(pl.Decimal(18, 2)) * 100).cast(pl.Int64).alias(column)


def local_date(column: str, timezone: str) -> pl.Expr:
    """The local calendar date of a naive UTC timestamp column, DST-aware."""
    return pl.col(column).dt.replace_time_zone("UTC").dt.convert_time_zone(timezone).dt.date()


def ratio(numerator: str | pl.Expr, denominator: str | pl.Expr) -> pl.Expr:
    """numerator / denominator as float; NULL where the denominator is 0."""
    num = pl.col(numerator) if isinstance(numerator, str) else numerator
    den = pl.col(denominator) if isinstance(denominator, str) else denominator
    return pl.when(den != 0).then(num.cast(pl.Float64) / den.cast(pl.Float64))


def euros(*columns: str) -> list[pl.Expr]:
    """Cent columns as euros (float), keeping their names."""
    return [(pl.col(c) / 100).alias(c) for c in columns]


def count(name: str) -> pl.Expr:
    return pl.len().cast(pl.Int64).alias(name)


def prepare(raw: Frames, timezone: str) -> Frames:
    """The lazy frames several KPIs share: sessions with their local day and
    number of valid webshop orders, valid orders with their local day, totals,
    customer status and type, and the valid order lines with product
    attributes."""
    lines = (
        raw["order_lines"]
        .join(raw["products"], on="product_id", how="left")
        .with_columns(
            gross_revenue=pl.col("quantity") * pl.col("unit_price"),
            cogs=pl.col("quantity") * pl.col("unit_cost"),
        )
    )
    lines = lines.with_columns(net_revenue=pl.col("gross_revenue") - pl.col("discount_amount"))
    money = ["gross_revenue", "discount_amount", "net_revenue", "cogs"]
    totals = lines.group_by("order_id").agg(pl.col(money).sum())

    # a customer's first valid order: earliest ordered_at, ties by order_id
    known = pl.col("customer_id").is_not_null()
    first = known & pl.col("customer_id").is_first_distinct()
    orders = (
        raw["orders"]
        .filter(pl.col("status") != "cancelled")
        .drop("status")
        .join(totals, on="order_id", how="left")
        .join(raw["customers"], on="customer_id", how="left")
        .sort("ordered_at", "order_id")
        .with_columns(
            pl.col(money).fill_null(0),
            pl.col("customer_type").fill_null("unknown"),
            date_day=local_date("ordered_at", timezone),
            is_first_order=first,
            customer_status=pl.when(first)
            .then(pl.lit("new"))
            .when(known)
            .then(pl.lit("returning"))
            .otherwise(pl.lit("unknown")),
        )
    )

    per_session = (
        orders.filter(pl.col("sales_channel") == "webshop")
        .group_by("session_id")
        .agg(count("valid_orders"))
    )
    sessions = (
        raw["sessions"]
        .with_columns(date_day=local_date("session_start_at", timezone))
        .drop("session_start_at")
        .join(per_session, on="session_id", how="left")
        .with_columns(pl.col("valid_orders").fill_null(0))
    )
    valid_lines = lines.join(
        orders.select("order_id", "date_day", "customer_type"), on="order_id", how="inner"
    )
    return {"sessions": sessions, "orders": orders, "lines": valid_lines}


def conversion_rate(data: Frames) -> pl.LazyFrame:
    return (
        data["sessions"]
        .group_by("date_day", "device_category", "channel")
        .agg(count("sessions"), orders=pl.col("valid_orders").sum())
        .with_columns(conversion_rate=ratio("orders", "sessions"))
    )


def bounce_rate(data: Frames) -> pl.LazyFrame:
    bounced = (pl.col("pageviews") == 1) & (pl.col("interactions") == 0)
    return (
        data["sessions"]
        .group_by("date_day", "channel", "landing_page")
        .agg(count("sessions"), bounced_sessions=bounced.sum().cast(pl.Int64))
        .with_columns(bounce_rate=ratio("bounced_sessions", "sessions"))
    )


def avg_session_duration(data: Frames) -> pl.LazyFrame:
    return (
        data["sessions"]
        .group_by("date_day", "device_category", "channel", has_order=pl.col("valid_orders") > 0)
        .agg(count("sessions"), total_duration_seconds=pl.col("duration_seconds").sum())
        .with_columns(avg_session_duration_seconds=ratio("total_duration_seconds", "sessions"))
    )


def cost_per_acquisition(data: Frames, raw: Frames) -> pl.LazyFrame:
    session_channel = data["sessions"].select("session_id", session_channel="channel")
    new_customers = (
        data["orders"]
        .filter("is_first_order")
        .join(session_channel, on="session_id", how="left")
        .group_by(
            "date_day",
            channel=pl.when(pl.col("sales_channel") == "store")
            .then(pl.lit("store"))
            .otherwise(pl.col("session_channel").fill_null("unattributed")),
        )
        .agg(count("new_customers"))
    )
    ads = raw["ad_performance"].join(raw["campaigns"], on="campaign_id", how="inner")
    costs = pl.concat(
        [
            ads.select(date_day="report_date", channel="channel", cents="cost"),
            raw["marketing_costs"].select(date_day="cost_date", channel="channel", cents="amount"),
        ]
    )
    marketing_cost = costs.group_by("date_day", "channel").agg(pl.col("cents").sum())
    return (
        marketing_cost.join(new_customers, on=["date_day", "channel"], how="full", coalesce=True)
        .with_columns(pl.col("cents", "new_customers").fill_null(0))
        .filter((pl.col("cents") != 0) | (pl.col("new_customers") != 0))
        .with_columns(
            marketing_cost=pl.col("cents") / 100,
            cost_per_acquisition=ratio("cents", "new_customers") / 100,
        )
    )


def return_rate(data: Frames, raw: Frames) -> pl.LazyFrame:
    returned = (
        raw["returns"]
        .group_by("order_line_id")
        .agg(items_returned=pl.col("quantity").sum(), refund_amount=pl.col("refund_amount").sum())
    )
    return (
        data["lines"]
        .join(returned, on="order_line_id", how="left")
        .with_columns(pl.col("items_returned", "refund_amount").fill_null(0))
        .group_by("date_day", "category", "brand", "customer_type")
        .agg(
            items_sold=pl.col("quantity").sum(),
            items_returned=pl.col("items_returned").sum(),
            net_revenue=pl.col("net_revenue").sum(),
            refund_amount=pl.col("refund_amount").sum(),
        )
        .with_columns(
            *euros("net_revenue", "refund_amount"),
            return_rate=ratio("items_returned", "items_sold"),
        )
    )


def average_order_value(data: Frames) -> pl.LazyFrame:
    return (
        data["orders"]
        .group_by("date_day", "sales_channel", "customer_status", "customer_type")
        .agg(count("orders"), pl.col("net_revenue", "discount_amount").sum())
        .with_columns(
            *euros("net_revenue", "discount_amount"),
            average_order_value=ratio("net_revenue", "orders") / 100,
        )
    )


def discount_margin_impact(data: Frames) -> pl.LazyFrame:
    money = ["gross_revenue", "discount_amount", "net_revenue", "cogs", "gross_margin"]
    return (
        data["orders"]
        .group_by("date_day", promotion_id=pl.col("promotion_id").fill_null("none"))
        .agg(count("orders"), pl.col(money[:-1]).sum())
        .with_columns(gross_margin=pl.col("net_revenue") - pl.col("cogs"))
        .with_columns(
            gross_margin_rate=ratio("gross_margin", "net_revenue"),
            margin_per_order=ratio("gross_margin", "orders") / 100,
            discount_rate=ratio("discount_amount", "gross_revenue"),
            margin_erosion_rate=ratio("discount_amount", pl.col("gross_revenue") - pl.col("cogs")),
        )
        .with_columns(*euros(*money))
    )


def visitors_per_day(data: Frames, raw: Frames) -> pl.LazyFrame:
    orders = data["orders"]
    visitors = (
        data["sessions"]
        .group_by("date_day")
        .agg(visitors=pl.col("visitor_id").n_unique().cast(pl.Int64))
    )
    webshop_orders = (
        orders.filter(pl.col("sales_channel") == "webshop")
        .group_by("date_day")
        .agg(count("transactions"))
    )
    webshop = (
        visitors.join(webshop_orders, on="date_day", how="full", coalesce=True)
        .with_columns(pl.col("visitors", "transactions").fill_null(0))
        .select(
            "date_day", location=pl.lit("webshop"), visitors="visitors", transactions="transactions"
        )
    )
    store_orders = (
        orders.filter(pl.col("sales_channel") == "store")
        .group_by("date_day", location="store_id")
        .agg(count("transactions"))
    )
    stores = (
        raw["store_traffic"]
        .select(date_day="traffic_date", location="store_id", visitors="visitors")
        .join(store_orders, on=["date_day", "location"], how="full", coalesce=True)
        .with_columns(pl.col("transactions").fill_null(0))  # visitors NULL: no counter row
        .select("date_day", "location", "visitors", "transactions")
    )
    return pl.concat([webshop, stores]).filter(
        (pl.col("visitors").fill_null(0) != 0) | (pl.col("transactions") != 0)
    )


def plans(raw_dir: Path, timezone: str = DEFAULT_TIMEZONE) -> dict[str, pl.LazyFrame]:
    """Every KPI as a lazy frame with the contract's columns, sorted by its grain."""
    raw = {table: scan(Path(raw_dir), table) for table in COLUMNS}
    data = prepare(raw, check_timezone(timezone))
    results = {
        "kpi_conversion_rate": conversion_rate(data),
        "kpi_bounce_rate": bounce_rate(data),
        "kpi_avg_session_duration": avg_session_duration(data),
        "kpi_cost_per_acquisition": cost_per_acquisition(data, raw),
        "kpi_return_rate": return_rate(data, raw),
        "kpi_average_order_value": average_order_value(data),
        "kpi_discount_margin_impact": discount_margin_impact(data),
        "kpi_visitors_per_day": visitors_per_day(data, raw),
    }
    return {
        kpi: results[kpi]
        .select(*KPI_COLUMNS[kpi][0], *KPI_COLUMNS[kpi][1])
        .sort(KPI_COLUMNS[kpi][0], nulls_last=False)
        for kpi in KPIS
    }


def compute(
    raw_dir: Path, timezone: str = DEFAULT_TIMEZONE, timings: dict[str, float] | None = None
) -> dict[str, pl.DataFrame]:
    """Every KPI as a Polars data frame, from one ``collect_all`` of the eight plans."""
    timings = timings if timings is not None else {}
    started = time.perf_counter()
    lazy = plans(raw_dir, timezone)
    timings["plan"] = time.perf_counter() - started
    started = time.perf_counter()
    frames = pl.collect_all(lazy.values())
    timings["collect"] = time.perf_counter() - started
    return dict(zip(lazy, frames, strict=True))


def run(
    raw_dir: Path,
    timezone: str = DEFAULT_TIMEZONE,
    *,
    out: Path | None = None,
    timings: dict[str, float] | None = None,
) -> dict[str, int]:
    """Compute every KPI; with ``out``, write ``out/<kpi>.parquet``. Returns row counts."""
    results = compute(raw_dir, timezone, timings)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for kpi, frame in results.items():
            frame.write_parquet(out / f"{kpi}.parquet")
    return {kpi: frame.height for kpi, frame in results.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kpi_devtools.references.polars_kpis", description=__doc__.split("\n")[0]
    )
    parser.add_argument("raw_dir", type=Path, help="folder of raw <table>.parquet or <table>/")
    parser.add_argument("--out", type=Path, help="write each result as OUT/<kpi>.parquet")
    parser.add_argument("--timezone", default=DEFAULT_TIMEZONE, help="reporting time zone")
    args = parser.parse_args(argv)

    timings: dict[str, float] = {}
    started = time.perf_counter()
    rows = run(args.raw_dir, args.timezone, out=args.out, timings=timings)
    report = {
        "reference": "polars",
        "kpis": {kpi: {"rows": rows[kpi]} for kpi in KPIS},
        "plan_seconds": round(timings["plan"], 3),
        "collect_seconds": round(timings["collect"], 3),
        "seconds": round(time.perf_counter() - started, 3),
    }
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
