"""Reference 2, "what an analyst would write": the same KPIs in pandas.

Reads only the needed columns of each raw table once (``pd.read_parquet``
with pyarrow; a table is ``<table>.parquet`` or a folder of part files),
shares the obvious derived frames (valid orders with their local date, totals
and customer status) between KPIs, and computes each KPI with vectorised
``groupby``/``merge``. Money is handled in integer cents, so sums are exact
and a zero margin is exactly zero; results hold euros as floats.

    python -m kpi_devtools.references.pandas_kpis RAW_DIR [--out OUT]

prints one JSON object: the rows of each KPI, the seconds spent loading and
computing, and the total.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from kpi_devtools.references import (
    COLUMNS,
    DEFAULT_TIMEZONE,
    KPI_COLUMNS,
    KPIS,
    MONEY,
    raw_path,
)

Frames = dict[str, pd.DataFrame]

# money columns become integer cents; summed integers int64 (Parquet INTEGER
# is int32), low-cardinality text categoricals
SUMMED_INTEGERS = {"duration_seconds", "quantity"}
CATEGORIES = {"device_category", "channel", "landing_page", "sales_channel", "status"}


def read(raw_dir: Path, table: str) -> pd.DataFrame:
    """The needed columns of one raw table; money as int64 cents."""
    columns = COLUMNS[table]
    frame = pd.read_parquet(
        raw_path(raw_dir, table),
        columns=columns,
        read_dictionary=[c for c in columns if c in CATEGORIES],
    )
    for column in MONEY.intersection(columns):
        frame[column] = to_cents(frame[column])
    for column in SUMMED_INTEGERS.intersection(columns):
        frame[column] = frame[column].astype("int64")
    return frame


def to_cents(money: pd.Series) -> pd.Series:
    """Decimal euros (Parquet DECIMAL(18,2)) as exact int64 cents."""
    return (money.astype("float64") * 100).round().astype("int64")


def local_day(utc: pd.Series, timezone: str) -> pd.Series:
    """The local calendar day (midnight) of naive UTC timestamps, DST-aware."""
    return utc.dt.tz_localize("UTC").dt.tz_convert(timezone).dt.tz_localize(None).dt.normalize()


def ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator as float; NaN (NULL) where the denominator is 0."""
    return numerator.astype("float64") / denominator.astype("float64").where(denominator != 0)


def load(raw_dir: Path) -> Frames:
    """Every raw table the KPIs need."""
    return {table: read(Path(raw_dir), table) for table in COLUMNS}


def prepare(raw: Frames, timezone: str) -> Frames:
    """The derived frames several KPIs share: sessions with their local day and
    number of valid orders, valid orders with their local day, totals,
    customer status and type, and the valid order lines with product
    attributes."""
    sessions = raw["sessions"]
    sessions["date_day"] = local_day(sessions.pop("session_start_at"), timezone)

    lines = raw["order_lines"].merge(raw["products"], on="product_id", how="left")
    lines["gross_revenue"] = lines["quantity"] * lines["unit_price"]
    lines["net_revenue"] = lines["gross_revenue"] - lines["discount_amount"]
    lines["cogs"] = lines["quantity"] * lines["unit_cost"]

    orders = raw["orders"]
    orders = orders[orders["status"] != "cancelled"].drop(columns="status")
    orders["date_day"] = local_day(orders["ordered_at"], timezone)
    totals = lines.groupby("order_id")[
        ["gross_revenue", "discount_amount", "net_revenue", "cogs"]
    ].sum()
    orders = orders.merge(totals, left_on="order_id", right_index=True, how="left")
    orders[totals.columns] = orders[totals.columns].fillna(0).astype("int64")
    orders = orders.merge(raw["customers"], on="customer_id", how="left")
    orders["customer_type"] = orders["customer_type"].fillna("unknown")

    # a customer's first valid order: earliest ordered_at, ties by order_id
    orders = orders.sort_values(["ordered_at", "order_id"], kind="stable")
    known = orders["customer_id"].notna()
    first = known & ~orders["customer_id"].duplicated()
    orders["customer_status"] = np.where(first, "new", np.where(known, "returning", "unknown"))
    orders["is_first_order"] = first

    # valid webshop orders placed in each session
    per_session = orders[orders["sales_channel"] == "webshop"].groupby("session_id").size()
    sessions["valid_orders"] = sessions["session_id"].map(per_session).fillna(0).astype("int64")

    valid_lines = lines.merge(
        orders[["order_id", "date_day", "customer_type"]], on="order_id", how="inner"
    )
    return {"sessions": sessions, "orders": orders, "lines": valid_lines}


def conversion_rate(data: Frames) -> pd.DataFrame:
    sessions = data["sessions"]
    daily = sessions.groupby(["date_day", "device_category", "channel"], observed=True).agg(
        sessions=("session_id", "size"), orders=("valid_orders", "sum")
    )
    daily["conversion_rate"] = ratio(daily["orders"], daily["sessions"])
    return daily.reset_index()


def bounce_rate(data: Frames) -> pd.DataFrame:
    sessions = data["sessions"]
    bounced = (sessions["pageviews"] == 1) & (sessions["interactions"] == 0)
    daily = (
        sessions.assign(bounced=bounced)
        .groupby(["date_day", "channel", "landing_page"], observed=True)
        .agg(sessions=("session_id", "size"), bounced_sessions=("bounced", "sum"))
    )
    daily["bounce_rate"] = ratio(daily["bounced_sessions"], daily["sessions"])
    return daily.reset_index()


def avg_session_duration(data: Frames) -> pd.DataFrame:
    sessions = data["sessions"]
    daily = (
        sessions.assign(has_order=sessions["valid_orders"] > 0)
        .groupby(["date_day", "device_category", "channel", "has_order"], observed=True)
        .agg(sessions=("session_id", "size"), total_duration_seconds=("duration_seconds", "sum"))
    )
    daily["avg_session_duration_seconds"] = ratio(
        daily["total_duration_seconds"], daily["sessions"]
    )
    return daily.reset_index()


def cost_per_acquisition(data: Frames, raw: Frames) -> pd.DataFrame:
    orders, sessions = data["orders"], data["sessions"]
    first = orders[orders["is_first_order"]]
    session_channel = sessions.loc[
        sessions["session_id"].isin(first["session_id"]), ["session_id", "channel"]
    ].set_index("session_id")["channel"]
    channel = first["session_id"].map(session_channel).astype(object)
    channel = channel.where(channel.notna(), "unattributed")
    channel = channel.where(first["sales_channel"] != "store", "store")
    new_customers = (
        first.assign(channel=channel)
        .groupby(["date_day", "channel"])
        .size()
        .rename("new_customers")
    )

    ads = raw["ad_performance"].merge(raw["campaigns"], on="campaign_id", how="inner")
    costs = pd.concat(
        [
            ads.rename(columns={"report_date": "date_day", "cost": "amount"}),
            raw["marketing_costs"].rename(columns={"cost_date": "date_day"}),
        ]
    )
    costs["date_day"] = pd.to_datetime(costs["date_day"])
    costs["channel"] = costs["channel"].astype(object)
    marketing_cost = costs.groupby(["date_day", "channel"])["amount"].sum().rename("cents")

    daily = pd.concat([marketing_cost, new_customers], axis=1).fillna(0).astype("int64")
    daily = daily[(daily["cents"] != 0) | (daily["new_customers"] != 0)]
    daily["marketing_cost"] = daily["cents"] / 100
    daily["cost_per_acquisition"] = ratio(daily["cents"], daily["new_customers"]) / 100
    return daily.drop(columns="cents").rename_axis(["date_day", "channel"]).reset_index()


def return_rate(data: Frames, raw: Frames) -> pd.DataFrame:
    returned = raw["returns"].groupby("order_line_id")[["quantity", "refund_amount"]].sum()
    lines = data["lines"].merge(
        returned.rename(columns={"quantity": "items_returned"}),
        left_on="order_line_id",
        right_index=True,
        how="left",
    )
    lines[["items_returned", "refund_amount"]] = (
        lines[["items_returned", "refund_amount"]].fillna(0).astype("int64")
    )
    daily = lines.groupby(["date_day", "category", "brand", "customer_type"]).agg(
        items_sold=("quantity", "sum"),
        items_returned=("items_returned", "sum"),
        net_revenue=("net_revenue", "sum"),
        refund_amount=("refund_amount", "sum"),
    )
    daily["return_rate"] = ratio(daily["items_returned"], daily["items_sold"])
    daily["net_revenue"] /= 100
    daily["refund_amount"] /= 100
    return daily.reset_index()


def average_order_value(data: Frames) -> pd.DataFrame:
    daily = (
        data["orders"]
        .groupby(["date_day", "sales_channel", "customer_status", "customer_type"], observed=True)
        .agg(
            orders=("order_id", "size"),
            net_revenue=("net_revenue", "sum"),
            discount_amount=("discount_amount", "sum"),
        )
    )
    daily["average_order_value"] = ratio(daily["net_revenue"], daily["orders"]) / 100
    daily["net_revenue"] /= 100
    daily["discount_amount"] /= 100
    return daily.reset_index()


def discount_margin_impact(data: Frames) -> pd.DataFrame:
    orders = data["orders"]
    daily = (
        orders.assign(promotion_id=orders["promotion_id"].fillna("none"))
        .groupby(["date_day", "promotion_id"])
        .agg(
            orders=("order_id", "size"),
            gross_revenue=("gross_revenue", "sum"),
            discount_amount=("discount_amount", "sum"),
            net_revenue=("net_revenue", "sum"),
            cogs=("cogs", "sum"),
        )
    )
    daily["gross_margin"] = daily["net_revenue"] - daily["cogs"]
    daily["gross_margin_rate"] = ratio(daily["gross_margin"], daily["net_revenue"])
    daily["margin_per_order"] = ratio(daily["gross_margin"], daily["orders"]) / 100
    daily["discount_rate"] = ratio(daily["discount_amount"], daily["gross_revenue"])
    daily["margin_erosion_rate"] = ratio(
        daily["discount_amount"], daily["gross_revenue"] - daily["cogs"]
    )
    money = ["gross_revenue", "discount_amount", "net_revenue", "cogs", "gross_margin"]
    daily[money] /= 100
    return daily.reset_index()


def visitors_per_day(data: Frames, raw: Frames) -> pd.DataFrame:
    sessions, orders = data["sessions"], data["orders"]
    webshop = pd.concat(
        [
            sessions.groupby("date_day")["visitor_id"].nunique().rename("visitors"),
            orders[orders["sales_channel"] == "webshop"]
            .groupby("date_day")
            .size()
            .rename("transactions"),
        ],
        axis=1,
    ).fillna(0)
    webshop = webshop.rename_axis("date_day").reset_index().assign(location="webshop")

    traffic = raw["store_traffic"].rename(
        columns={"traffic_date": "date_day", "store_id": "location"}
    )
    traffic["date_day"] = pd.to_datetime(traffic["date_day"])
    store_orders = (
        orders[orders["sales_channel"] == "store"]
        .groupby(["store_id", "date_day"])
        .size()
        .rename("transactions")
        .rename_axis(["location", "date_day"])
        .reset_index()
    )
    stores = traffic.merge(store_orders, on=["location", "date_day"], how="outer")
    stores["transactions"] = stores["transactions"].fillna(0)

    daily = pd.concat([webshop, stores], ignore_index=True)
    daily["visitors"] = daily["visitors"].astype("Int64")  # NULL: no counter row
    daily["transactions"] = daily["transactions"].astype("int64")
    daily = daily[(daily["visitors"].fillna(0) != 0) | (daily["transactions"] != 0)]
    return daily.reset_index(drop=True)


def _finish(kpi: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The contract's columns in order; dates as dates, text as plain strings."""
    grain, measures = KPI_COLUMNS[kpi]
    frame = frame[grain + measures].copy()
    frame["date_day"] = frame["date_day"].dt.date
    for column in grain:
        if isinstance(frame[column].dtype, pd.CategoricalDtype):
            frame[column] = frame[column].astype("str")
    return frame.sort_values(grain, ignore_index=True)


def compute(
    raw_dir: Path, timezone: str = DEFAULT_TIMEZONE, timings: dict[str, float] | None = None
) -> dict[str, pd.DataFrame]:
    """Every KPI as a data frame with the contract's columns."""
    timings = timings if timings is not None else {}
    started = time.perf_counter()
    raw = load(Path(raw_dir))
    timings["load"] = time.perf_counter() - started
    started = time.perf_counter()
    data = prepare(raw, timezone)
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
    results = {kpi: _finish(kpi, results[kpi]) for kpi in KPIS}
    timings["compute"] = time.perf_counter() - started
    return results


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
            frame.to_parquet(out / f"{kpi}.parquet", index=False)
    return {kpi: len(frame) for kpi, frame in results.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kpi_devtools.references.pandas_kpis", description=__doc__.split("\n")[0]
    )
    parser.add_argument("raw_dir", type=Path, help="folder of raw <table>.parquet or <table>/")
    parser.add_argument("--out", type=Path, help="write each result as OUT/<kpi>.parquet")
    parser.add_argument("--timezone", default=DEFAULT_TIMEZONE, help="reporting time zone")
    args = parser.parse_args(argv)

    timings: dict[str, float] = {}
    started = time.perf_counter()
    rows = run(args.raw_dir, args.timezone, out=args.out, timings=timings)
    report = {
        "reference": "pandas",
        "kpis": {kpi: {"rows": rows[kpi]} for kpi in KPIS},
        "load_seconds": round(timings["load"], 3),
        "compute_seconds": round(timings["compute"], 3),
        "seconds": round(time.perf_counter() - started, 3),
    }
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
