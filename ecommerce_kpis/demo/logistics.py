"""Shipments (with fulfilment errors and delivery attempts), fulfilment costs, returns."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ecommerce_kpis.demo.shop import (
    Shop,
    ids,
    local_to_utc,
    money,
    pick,
    utc_to_local,
)
from ecommerce_kpis.schema import (
    FASHION_CATEGORIES,
    FULFILMENT_ERRORS,
    columns,
)


def draw_shipments(shop: Shop) -> None:
    rng = shop.rng
    orders = shop.orders
    web = orders.sales_channel.to_numpy() == "webshop"
    cancelled = orders.status.to_numpy() == "cancelled"
    # cancelled orders: some were cancelled after they had shipped
    ship = web & (~cancelled | (rng.random(len(orders)) < 0.15))
    idx = np.flatnonzero(ship)
    split = rng.random(len(idx)) < 0.04
    o = np.concatenate([idx, idx[split]])
    k = len(o)
    warehouse = np.where(rng.random(k) < 0.62, "WH01", "WH02")
    own = warehouse == "WH01"
    delay_h = np.where(own, rng.uniform(2, 26, k), rng.uniform(6, 44, k))
    delay_h[len(idx) :] += 24  # the second parcel of a split order ships a day later
    shipped = orders.ordered_at.to_numpy()[o] + pd.to_timedelta(delay_h * 3600, unit="s").to_numpy()
    shipped = pd.Series(shipped).dt.floor("s")
    local = utc_to_local(shipped)
    # no shipping on Sundays: push to Monday morning
    sunday = local.dt.day_of_week == 6
    local = local.where(~sunday, local.dt.normalize() + pd.Timedelta(days=1, hours=7))
    shipped = local_to_utc(local)
    hour = local.dt.hour.to_numpy()
    shift = np.where(
        (hour >= 6) & (hour < 14),
        "early",
        np.where((hour >= 14) & (hour < 22), "late", "night"),
    )
    picking = np.where(
        own,
        pick(rng, ["batch", "zone", "single_order"], [50, 30, 20], k),
        pick(rng, ["wave", "single_order"], [60, 40], k),
    )
    carrier = pick(rng, ["PostNL", "DHL", "DPD"], [55, 30, 15], k)
    promised = local.dt.normalize() + pd.to_timedelta(np.where(carrier == "DPD", 2, 1), unit="D")
    promised = promised + pd.to_timedelta((promised.dt.day_of_week == 6).astype(int), unit="D")
    # delivery: mostly on the promised day, some late, some need attempts
    late_days = np.where(rng.random(k) < 0.03, rng.integers(1, 4, k), 0)
    deliver_local = (
        promised
        + pd.to_timedelta(late_days, unit="D")
        + pd.to_timedelta(rng.integers(9 * 3600, 22 * 3600, k), unit="s")
    )
    early = rng.random(k) < 0.25  # some parcels arrive before the promise
    deliver_local = deliver_local.where(
        ~early | (deliver_local - pd.Timedelta(days=1) <= local),
        deliver_local - pd.Timedelta(days=1),
    )
    attempts = np.where(rng.random(k) < 0.95, 1, np.where(rng.random(k) < 0.8, 2, 3))
    deliver_local = deliver_local + pd.to_timedelta(attempts - 1, unit="D")
    delivered = local_to_utc(deliver_local)
    delivered = delivered.where(delivered > shipped, shipped + pd.Timedelta(hours=20))
    lost = rng.random(k) < 0.012
    not_yet = delivered > shop.end_utc
    delivered = delivered.where(~(lost | not_yet), pd.NaT)
    attempts = np.where(not_yet, 0, np.where(lost, rng.integers(0, 2, k), attempts))
    error = np.where(
        rng.random(k) < np.where(own, 0.022, 0.038),
        pick(rng, list(FULFILMENT_ERRORS), [35, 30, 20, 15], k),
        None,
    )
    items = shop.order_items[o]
    base_cost = np.select([carrier == "PostNL", carrier == "DHL"], [4.35, 4.85], 5.40)
    shipping_cost = money(base_cost + 0.18 * np.minimum(items, 10) + rng.uniform(0, 0.4, k))
    keep = (shipped <= shop.end_utc).to_numpy()
    df = pd.DataFrame(
        {
            "order_id": orders.order_id.to_numpy()[o],
            "warehouse_id": warehouse,
            "shift": shift,
            "picking_method": picking,
            "carrier": carrier,
            "shipped_at": shipped,
            "promised_delivery_date": promised.dt.strftime("%Y-%m-%d"),
            "delivered_at": delivered,
            "delivery_attempts": attempts,
            "fulfilment_error": error,
            "shipping_cost": shipping_cost,
            "items": items,
            "order_pos": o,
        }
    )[keep]
    df = df.sort_values(["shipped_at", "order_id"], kind="stable").reset_index(drop=True)
    df.insert(0, "shipment_id", ids("SH", len(df), 7))
    shop.shipments_df = df
    shop.tables["shipments"] = df[columns("shipments")]


def draw_fulfilment_costs(shop: Shop) -> None:
    rng = shop.rng
    s = shop.shipments_df
    day = utc_to_local(s.shipped_at).dt.strftime("%Y-%m-%d")
    daily = (
        pd.DataFrame({"day": day, "wh": s.warehouse_id, "items": s["items"], "orders": 1})
        .groupby(["day", "wh"], as_index=False)[["items", "orders"]]
        .sum()
    )
    own = daily.wh == "WH01"
    picking = pd.DataFrame(
        {
            "cost_date": daily.day,
            "warehouse_id": daily.wh,
            "cost_type": "picking",
            "amount": np.where(
                own, 0.45 * daily["items"] + 0.30 * daily.orders, 1.10 * daily.orders
            ),
        }
    )
    # the partner invoices a per-item surcharge as a separate booking
    picking_items = picking[~own.to_numpy()].assign(amount=0.25 * daily["items"][~own].to_numpy())
    packing = picking.assign(
        cost_type="packing",
        amount=np.where(own, 0.55, 0.95) * daily.orders.to_numpy(),
    )
    all_days = shop.days.strftime("%Y-%m-%d")
    storage = pd.DataFrame(
        {
            "cost_date": np.concatenate([all_days, all_days[shop.days.day_of_week == 0]]),
            "warehouse_id": ["WH01"] * len(all_days)
            + ["WH02"] * int((shop.days.day_of_week == 0).sum()),
            "cost_type": "storage",
            "amount": np.concatenate(
                [
                    np.full(len(all_days), 85.0),
                    np.round(rng.uniform(380, 460, int((shop.days.day_of_week == 0).sum())), 2),
                ]
            ),
        }
    )
    costs = pd.concat([picking, picking_items, packing, storage], ignore_index=True)
    costs["amount"] = money(costs.amount)
    costs = costs.sort_values(["cost_date", "warehouse_id", "cost_type"], kind="stable")
    shop.tables["fulfilment_costs"] = costs.reset_index(drop=True)


def draw_returns(shop: Shop) -> None:
    rng = shop.rng
    lines = shop.tables["order_lines"]
    orders = shop.orders
    o = shop.line_order
    category = shop.group_category[shop.prod_group[shop.line_prod]]
    fashion = np.isin(category, FASHION_CATEGORIES)
    rate = (
        pd.Series(category)
        .map(
            {
                "dresses": 0.48,
                "tops": 0.4,
                "jeans": 0.45,
                "shoes": 0.38,
                "accessories": 0.08,
                "home": 0.06,
                "beauty": 0.04,
            }
        )
        .to_numpy()
    )
    web = orders.sales_channel.to_numpy()[o] == "webshop"
    rate = rate * np.where(orders.is_b2b.to_numpy()[o], 0.5, 1.0) * np.where(web, 1.0, 0.35)
    ret = rng.random(len(lines)) < rate
    idx = np.flatnonzero(ret)
    qty = lines.quantity.to_numpy()[idx]
    r_qty = np.where(qty > 1, rng.integers(1, qty + 1), 1)
    reason = np.where(
        fashion[idx],
        pick(
            rng,
            [
                "wrong_size",
                "not_as_described",
                "changed_mind",
                "damaged",
                "wrong_item",
                "late_delivery",
                "other",
            ],
            [55, 12, 15, 5, 4, 4, 5],
            len(idx),
        ),
        pick(
            rng,
            [
                "damaged",
                "changed_mind",
                "not_as_described",
                "wrong_item",
                "late_delivery",
                "other",
            ],
            [30, 30, 20, 8, 5, 7],
            len(idx),
        ),
    )
    ordered = orders.ordered_at.to_numpy()[o[idx]]
    requested = pd.Series(
        ordered
        + pd.to_timedelta(2 * 86400 + rng.exponential(6 * 86400, len(idx)), unit="s").to_numpy()
    ).dt.floor("s")
    received = requested + pd.to_timedelta(rng.uniform(1.2, 8, len(idx)) * 86400, unit="s")
    received = received.dt.floor("s")
    in_transit = (received > shop.end_utc) | (rng.random(len(idx)) < 0.015)
    received = received.where(~in_transit, pd.NaT)
    line_net = (
        lines.quantity.to_numpy()[idx] * lines.unit_price.to_numpy()[idx]
        - lines.discount_amount.to_numpy()[idx]
    )
    refund = line_net * r_qty / qty
    refund = np.where(
        reason == "damaged", refund, np.where(rng.random(len(idx)) < 0.05, refund * 0.5, refund)
    )
    df = pd.DataFrame(
        {
            "order_line_id": lines.order_line_id.to_numpy()[idx],
            "quantity": r_qty,
            "reason": reason,
            "requested_at": requested,
            "received_at": received,
            "refund_amount": money(refund),
            "order_pos": o[idx],
        }
    )
    df = df[df.requested_at <= shop.end_utc]
    df = df.sort_values(["requested_at", "order_line_id"], kind="stable").reset_index(drop=True)
    df.insert(0, "return_id", ids("R", len(df), 7))
    shop.returns_df = df
    shop.tables["returns"] = df[columns("returns")]
