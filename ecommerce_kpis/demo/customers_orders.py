"""Customers, orders (known and anonymous store sales), store traffic, order lines.

Orders are drawn per customer (a first order plus geometric repeats); order
lines get products by popularity, complements (cross-sell), promotions and
markdowns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ecommerce_kpis.demo.shop import (
    HOUR_WEIGHTS_STORE,
    HOUR_WEIGHTS_WEB,
    MONTH_FACTOR,
    Shop,
    ids,
    local_to_utc,
    money,
    pick,
    utc_to_local,
)


def draw_customers_and_orders(shop: Shop) -> None:
    rng, cfg = shop.rng, shop.cfg
    n_cust = round(1800 * cfg.scale)
    is_b2b = rng.random(n_cust) < 0.08
    is_store_customer = rng.random(n_cust) < 0.12
    w = shop.web_day_weight
    first_day = rng.choice(len(shop.days), size=n_cust, p=w / w.sum())
    first_at = shop.web_times(n_cust, first_day)
    # repeat behaviour: number of further orders and gaps between them
    p_stop = np.where(is_b2b, 0.3, 0.5)
    n_more = rng.geometric(p_stop) - 1
    n_more = np.minimum(n_more, 25)
    n_orders = 1 + n_more
    cust_of_order = np.repeat(np.arange(n_cust), n_orders)
    seq = np.concatenate([np.arange(k) for k in n_orders])
    gap_mean = np.where(is_b2b, 28.0, 50.0)[cust_of_order]
    gaps = np.where(seq == 0, 0.0, rng.exponential(gap_mean) + 0.2)
    # cumulative gap per customer
    csum = np.cumsum(gaps)
    start_of_cust = np.repeat(csum[np.cumsum(n_orders) - n_orders], n_orders)
    offset_days = csum - start_of_cust
    ordered_local = utc_to_local(pd.Series(first_at.values[cust_of_order])) + pd.to_timedelta(
        offset_days, unit="D"
    )
    # repeat orders keep the evening rhythm: redraw their time of day
    later = seq > 0
    hours = rng.choice(24, size=len(seq), p=HOUR_WEIGHTS_WEB / HOUR_WEIGHTS_WEB.sum())
    secs = hours * 3600 + rng.integers(0, 3600, len(seq))
    ordered_local = pd.Series(
        np.where(
            later,
            ordered_local.dt.normalize() + pd.to_timedelta(secs, unit="s"),
            ordered_local,
        )
    )
    keep = (ordered_local <= cfg.last_day + pd.Timedelta(hours=23, minutes=59)).to_numpy()
    cust_of_order, seq = cust_of_order[keep], seq[keep]
    ordered_local = ordered_local[keep].reset_index(drop=True)
    n_known = len(cust_of_order)
    store_pref = is_store_customer[cust_of_order]
    is_store = rng.random(n_known) < np.where(store_pref, 0.85, 0.03)
    # store orders happen in opening hours, not on Sundays
    store_secs = (
        rng.choice(24, size=n_known, p=HOUR_WEIGHTS_STORE / HOUR_WEIGHTS_STORE.sum()) * 3600
    )
    store_secs = store_secs + rng.integers(0, 3600, n_known)
    store_local = ordered_local.dt.normalize() + pd.to_timedelta(store_secs, unit="s")
    store_local = store_local + pd.to_timedelta(
        (store_local.dt.day_of_week == 6).astype(int), unit="D"
    )
    ordered_local = pd.Series(np.where(is_store, store_local, ordered_local))
    known = pd.DataFrame(
        {
            "cust": cust_of_order,
            "ordered_local": ordered_local,
            "is_store": is_store,
            "store_id": np.where(is_store, pick(rng, ["ST01", "ST02"], [0.6, 0.4], n_known), None),
        }
    )
    known = known[known.ordered_local <= cfg.last_day + pd.Timedelta(hours=23)]

    # anonymous store sales from door-counter traffic
    store_days = np.tile(np.arange(len(shop.days)), 2)
    store_of = np.repeat(np.array(["ST01", "ST02"]), len(shop.days))
    dow = shop.days.day_of_week.to_numpy()[store_days]
    month = shop.days.month.to_numpy()[store_days]
    base = np.where(store_of == "ST01", 17, 12)
    factor = np.select([dow == 6, dow == 5], [0.0, 1.7], 1.0) * MONTH_FACTOR[month - 1]
    visitors = rng.poisson(base * factor)
    conv = 0.18 + 0.04 * rng.random(len(store_days))
    anon_n = rng.binomial(visitors, conv)
    counter_missing = rng.random(len(store_days)) < 0.01  # counter outages
    traffic_rows = pd.DataFrame(
        {
            "store_id": store_of,
            "traffic_date": shop.days[store_days].strftime("%Y-%m-%d"),
            "visitors": visitors,
        }
    )[~counter_missing]
    shop.tables["store_traffic"] = traffic_rows.reset_index(drop=True)
    a_day = np.repeat(store_days, anon_n)
    a_store = np.repeat(store_of, anon_n)
    n_anon = len(a_day)
    a_secs = rng.choice(24, size=n_anon, p=HOUR_WEIGHTS_STORE / HOUR_WEIGHTS_STORE.sum()) * 3600
    a_local = pd.Series(shop.days[a_day]) + pd.to_timedelta(
        a_secs + rng.integers(0, 3600, n_anon), unit="s"
    )
    anon = pd.DataFrame(
        {"cust": -1, "ordered_local": a_local, "is_store": True, "store_id": a_store}
    )
    orders = pd.concat([known, anon], ignore_index=True)
    orders = orders.sort_values(["ordered_local", "cust"], kind="stable").reset_index(drop=True)
    n = len(orders)
    orders["order_id"] = ids("O", n, 7)
    orders["ordered_at"] = local_to_utc(orders["ordered_local"])
    cust_ids = ids("C", n_cust, 6)
    orders["customer_id"] = np.where(orders.cust >= 0, cust_ids[orders.cust.clip(lower=0)], None)
    orders["is_b2b"] = np.where(orders.cust >= 0, is_b2b[orders.cust.clip(lower=0)], False)
    web = ~orders.is_store.to_numpy()
    orders["sales_channel"] = np.where(web, "webshop", "store")
    orders["status"] = np.where(
        rng.random(n) < np.where(web, 0.035, 0.005), "cancelled", "completed"
    )
    shop.orders = orders

    # customers: created at or before their first order
    first_order = orders[orders.cust >= 0].groupby("cust")["ordered_at"].min()
    created = pd.Series(first_at.values)
    created.loc[first_order.index] = first_order.values
    lead = np.where(
        rng.random(n_cust) < 0.6,
        rng.integers(60, 1800, n_cust),
        rng.integers(1, 400, n_cust) * 86400,
    )
    created = created - pd.to_timedelta(lead, unit="s")
    first_names = np.array(
        [
            "anna",
            "bram",
            "chloe",
            "daan",
            "eva",
            "finn",
            "lotte",
            "sem",
            "julia",
            "noah",
            "emma",
            "lucas",
        ]
    )
    last_names = np.array(
        [
            "jansen",
            "devries",
            "bakker",
            "visser",
            "smit",
            "peeters",
            "mertens",
            "willems",
            "claes",
            "meijer",
        ]
    )
    emails = np.char.add(
        np.char.add(
            np.char.add(first_names[rng.integers(0, 12, n_cust)], "."),
            np.char.add(
                last_names[rng.integers(0, 10, n_cust)], np.arange(1, n_cust + 1).astype(str)
            ),
        ),
        "@example.com",
    )
    shop.tables["customers"] = pd.DataFrame(
        {
            "customer_id": cust_ids,
            "email": emails,
            "customer_type": np.where(is_b2b, "b2b", "b2c"),
            "country_code": pick(rng, ["NL", "BE", "DE", "FR", "LU"], [70, 21, 6, 2, 1], n_cust),
            "created_at": created,
        }
    )
    shop.n_cust = n_cust
    shop.cust_b2b = is_b2b


def draw_order_lines(shop: Shop) -> None:
    rng = shop.rng
    orders = shop.orders
    n = len(orders)
    web = orders.sales_channel.to_numpy() == "webshop"
    b2b = orders.is_b2b.to_numpy()
    n_lines = 1 + rng.poisson(np.where(b2b, 1.5, np.where(web, 0.9, 0.5)))
    o = np.repeat(np.arange(n), n_lines)
    line_no = np.concatenate([np.arange(k) for k in n_lines])
    m = len(o)
    products = shop.tables["products"]
    prod = rng.choice(len(products), size=m, p=shop.prod_pop)
    # cross-sell: later lines often come from a complement of the first line
    first_prod = np.repeat(prod[np.cumsum(n_lines) - n_lines], n_lines)
    first_group = shop.prod_group[first_prod]
    pairs = shop.complement_pairs
    take_complement = (line_no > 0) & (rng.random(m) < 0.3)
    pair_pos = np.searchsorted(pairs[:, 0], first_group)
    pair_count = np.searchsorted(pairs[:, 0], first_group, side="right") - pair_pos
    can = take_complement & (pair_count > 0)
    pair_choice = pair_pos + (rng.random(m) * np.maximum(pair_count, 1)).astype(int)
    target_group = pairs[np.minimum(pair_choice, len(pairs) - 1), 1]
    group_first_product = np.searchsorted(shop.prod_group, target_group)
    prod = np.where(can, group_first_product, prod)
    qty = np.where(
        b2b[o], 1 + rng.poisson(2, m), 1 + (rng.random(m) < 0.1) + (rng.random(m) < 0.02)
    )
    list_price = products.list_price.to_numpy()
    # a few lines sold before a price change carry the old list price
    unit_price = money(
        np.where(rng.random(m) < 0.03, np.round(list_price[prod] * 1.1, 0) - 0.05, list_price[prod])
    )
    gross = qty * unit_price
    promo = _assign_promotions(shop)
    order_promo = promo[o]
    ptype = order_promo.astype(str)
    pct = np.array([shop.promo_pct.get(p, 0.0) for p in ptype])
    discount = np.round(gross * pct, 2)
    # fixed amount: 10 euro off the first line
    is_fixed = np.isin(ptype, ["PR02", "PR06"]) & (line_no == 0)
    discount = np.where(is_fixed, np.minimum(10.0, gross), discount)
    # bundle 3 for 2: the last line of an order of three or more is free
    is_bundle = np.isin(ptype, ["PR04", "PR10"]) & (n_lines[o] >= 3) & (line_no == n_lines[o] - 1)
    discount = np.where(is_bundle, unit_price, discount)
    # markdowns without a promotion: line discounts on orders without one
    markdown = (ptype == "None") & (rng.random(m) < 0.04)
    discount = np.where(markdown, np.round(gross * 0.15, 2), discount)
    discount = money(np.minimum(discount, gross))
    rec = np.where(
        web[o] & ((can & (rng.random(m) < 0.5)) | (rng.random(m) < 0.05)),
        pick(rng, ["pdp", "cart", "email"], [5, 3, 2], m),
        None,
    )
    lines = pd.DataFrame(
        {
            "order_line_id": ids("L", m, 8),
            "order_id": orders.order_id.to_numpy()[o],
            "product_id": products.product_id.to_numpy()[prod],
            "quantity": qty,
            "unit_price": unit_price,
            "discount_amount": discount,
            "recommendation_source": rec,
        }
    )
    shop.tables["order_lines"] = lines
    shop.line_order = o
    shop.line_prod = prod
    net = gross - discount
    order_net = np.bincount(o, weights=net, minlength=n)
    order_items = np.bincount(o, weights=qty, minlength=n)
    fee = np.where(web & (order_net < 50), 4.95, 0.0)
    fee = np.where(np.isin(promo.astype(str), ["PR03", "PR08"]), 0.0, fee)
    orders["promotion_id"] = promo
    orders["shipping_fee"] = money(fee)
    shop.order_net = order_net
    shop.order_items = order_items


def _assign_promotions(shop: Shop) -> np.ndarray:
    rng = shop.rng
    orders = shop.orders
    promos = shop.tables["promotions"]
    local_date = utc_to_local(orders.ordered_at).dt.normalize().to_numpy()
    result = np.full(len(orders), None, dtype=object)
    u = rng.random(len(orders))
    for row in promos.itertuples():
        in_window = (local_date >= np.datetime64(row.starts_on)) & (
            local_date <= np.datetime64(row.ends_on)
        )
        share = {"PR07": 0.6, "PR02": 0.04}.get(row.promotion_id, 0.35)
        take = in_window & (u < share) & (result == None)  # noqa: E711
        if row.promotion_id == "PR02":  # welcome voucher: first orders only
            take &= (
                ~orders.duplicated("customer_id").to_numpy() & orders.customer_id.notna().to_numpy()
            )
        result[take] = row.promotion_id
    return result
