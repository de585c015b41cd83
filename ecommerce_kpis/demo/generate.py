"""Deterministic, vectorised demo data for every raw table of the contract.

One numpy ``Generator`` seeded once drives everything, so the same ``seed`` and
``scale`` always give byte-identical files. Nothing loops per row in Python:
rows are drawn as arrays and shaped with numpy and pandas.

The shop: a Dutch fashion-and-lifestyle retailer with a webshop, two stores
with door counters, an own warehouse and a fulfilment partner, ad campaigns on
several platforms, and a survey tool. Eighteen months of local time in
Europe/Amsterdam, with weekday/weekend rhythm, a November peak, repeat buyers
and churners, and events on both sides of local midnight and DST switches.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ecommerce_kpis.schema import (
    FASHION_CATEGORIES,
    FULFILMENT_ERRORS,
    OTHER_CATEGORIES,
    RAW_TABLES,
    columns,
)

TIMEZONE = "Europe/Amsterdam"
TS_FORMAT = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True)
class Config:
    """Size and period of a generated data set."""

    seed: int = 42
    scale: float = 1.0
    start: str = "2025-01-01"
    months: int = 18

    @property
    def first_day(self) -> pd.Timestamp:
        return pd.Timestamp(self.start)

    @property
    def last_day(self) -> pd.Timestamp:
        end = self.first_day + pd.DateOffset(months=self.months)
        return end - pd.Timedelta(days=1)


# ---------------------------------------------------------------- helpers


def _local_to_utc(local: pd.Series) -> pd.Series:
    """Naive local Amsterdam timestamps to naive UTC (DST-aware)."""
    aware = local.dt.tz_localize(
        TIMEZONE,
        nonexistent="shift_forward",
        ambiguous=np.zeros(len(local), dtype=bool),
    )
    return aware.dt.tz_convert("UTC").dt.tz_localize(None)


def _utc_to_local(utc: pd.Series) -> pd.Series:
    aware = utc.dt.tz_localize("UTC").dt.tz_convert(TIMEZONE)
    return aware.dt.tz_localize(None)


def _pick(rng: np.random.Generator, options, weights, size: int) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return np.asarray(options, dtype=object)[rng.choice(len(options), size=size, p=p / p.sum())]


def _ids(prefix: str, n: int, width: int) -> np.ndarray:
    if n == 0:
        return np.array([], dtype=object)
    return np.char.add(prefix, np.char.zfill(np.arange(1, n + 1).astype(str), width))


def _money(values) -> np.ndarray:
    return np.round(np.asarray(values, dtype=float), 2)


# fmt: off
HOUR_WEIGHTS_WEB = np.array([  # 0h .. 23h local: quiet nights, lunch bump, evening peak
    3, 1.5, 0.8, 0.5, 0.4, 0.6, 1.5, 3, 4, 5, 5.5, 6,
    6.5, 6, 5.5, 5.5, 6, 6.5, 7, 8, 9.5, 9.5, 8, 5.5,
])
# fmt: on
HOUR_WEIGHTS_STORE = np.array([0] * 9 + [4, 6, 8, 9, 9, 8, 8, 9, 10, 0, 0, 0, 0, 0, 0])
MONTH_FACTOR = np.array([0.9, 0.85, 0.9, 0.95, 0.95, 0.9, 0.85, 0.9, 1.0, 1.05, 1.6, 1.3])
DOW_FACTOR_WEB = np.array([1.05, 1.0, 0.98, 0.97, 0.9, 0.8, 1.1])  # Mon..Sun


class _Shop:
    """Draws the tables in dependency order; each method fills ``self.tables``."""

    def __init__(self, config: Config) -> None:
        self.cfg = config
        self.rng = np.random.default_rng(config.seed)
        self.days = pd.date_range(config.first_day, config.last_day, freq="D")
        self.end_utc = _local_to_utc(
            pd.Series([config.last_day + pd.Timedelta(hours=23, minutes=59)])
        ).iloc[0]
        self.tables: dict[str, pd.DataFrame] = {}
        n = len(self.days)
        growth = 1.0 + 0.3 * np.arange(n) / n
        month = MONTH_FACTOR[self.days.month - 1]
        dow = DOW_FACTOR_WEB[self.days.day_of_week]
        black_friday = np.isin(
            self.days.strftime("%m-%d"),
            ["11-24", "11-25", "11-26", "11-27", "11-28", "11-29", "11-30"],
        )
        self.web_day_weight = growth * month * dow * np.where(black_friday, 2.2, 1.0)

    # ------------------------------------------------------------ sampling

    def _web_times(self, size: int, day_index: np.ndarray | None = None) -> pd.Series:
        """UTC timestamps of web events, by day weight and local hour profile."""
        rng = self.rng
        if day_index is None:
            w = self.web_day_weight
            day_index = rng.choice(len(self.days), size=size, p=w / w.sum())
        hours = rng.choice(24, size=size, p=HOUR_WEIGHTS_WEB / HOUR_WEIGHTS_WEB.sum())
        seconds = hours * 3600 + rng.integers(0, 3600, size=size)
        local = pd.Series(self.days[day_index]) + pd.to_timedelta(seconds, unit="s")
        return _local_to_utc(local)

    # ------------------------------------------------------------ reference

    def reference(self) -> None:
        self.tables["stores"] = pd.DataFrame(
            {
                "store_id": ["ST01", "ST02"],
                "store_name": ["Utrecht Oudegracht", "Antwerpen Meir"],
                "city": ["Utrecht", "Antwerpen"],
            }
        )
        self.tables["warehouses"] = pd.DataFrame(
            {
                "warehouse_id": ["WH01", "WH02"],
                "warehouse_name": ["DC Tilburg", "FulfilPro Venlo"],
                "operator": ["own", "partner"],
            }
        )
        self.tables["promotions"] = pd.DataFrame(
            [
                ("PR01", "Winter sale", "percentage", "2025-01-02", "2025-01-31"),
                ("PR02", "Welcome 10", "fixed_amount", "2025-01-01", "2026-06-30"),
                ("PR03", "Free shipping weekend", "free_shipping", "2025-03-28", "2025-03-30"),
                ("PR04", "Spring bundle 3 for 2", "bundle", "2025-04-07", "2025-04-27"),
                ("PR05", "Summer sale", "percentage", "2025-06-27", "2025-07-31"),
                ("PR06", "Back to work", "fixed_amount", "2025-09-01", "2025-09-14"),
                ("PR07", "Black Friday", "percentage", "2025-11-24", "2025-12-01"),
                ("PR08", "Christmas free shipping", "free_shipping", "2025-12-10", "2025-12-21"),
                ("PR09", "Winter sale", "percentage", "2026-01-02", "2026-01-31"),
                ("PR10", "Spring bundle 3 for 2", "bundle", "2026-04-06", "2026-04-26"),
                ("PR11", "Summer sale", "percentage", "2026-06-26", "2026-07-31"),
            ],
            columns=columns("promotions"),
        )
        self.promo_pct = {"PR01": 0.2, "PR05": 0.25, "PR07": 0.3, "PR09": 0.2, "PR11": 0.25}
        self.tables["campaigns"] = pd.DataFrame(
            [
                ("CA01", "Brand search NL", "google_ads", "paid_search", "conversion"),
                ("CA02", "Generic search fashion", "google_ads", "paid_search", "conversion"),
                ("CA03", "Shopping all products", "google_ads", "paid_search", "conversion"),
                ("CA04", "Brand search BE", "microsoft_ads", "paid_search", "conversion"),
                ("CA05", "Prospecting lookalikes", "meta", "paid_social", "consideration"),
                ("CA06", "Retargeting cart abandoners", "meta", "paid_social", "conversion"),
                ("CA07", "New collection video", "tiktok", "paid_social", "awareness"),
                ("CA08", "Pins home and living", "pinterest", "paid_social", "consideration"),
                ("CA09", "Remarketing display", "google_ads", "display", "conversion"),
                ("CA10", "Black Friday awareness", "meta", "paid_social", "awareness"),
                ("CA11", "Black Friday search", "google_ads", "paid_search", "conversion"),
            ],
            columns=columns("campaigns"),
        )
        last = str(self.cfg.last_day.date())
        first = str(self.cfg.first_day.date())
        self.campaign_window = {
            "CA01": (first, last),
            "CA02": (first, last),
            "CA03": ("2025-02-01", last),
            "CA04": ("2025-03-01", last),
            "CA05": (first, last),
            "CA06": (first, last),
            "CA07": ("2025-09-01", "2026-03-31"),
            "CA08": ("2025-04-01", "2025-12-31"),
            "CA09": (first, last),
            "CA10": ("2025-11-10", "2025-11-30"),
            "CA11": ("2025-11-17", "2025-12-01"),
        }

    # ------------------------------------------------------------ products

    def products(self) -> None:
        rng = self.rng
        brands = np.array(
            ["Nordwind", "Luma", "Vandaag", "Kade", "Polder", "Tulp", "Stroom", "Mees"]
        )
        base_price = {
            "dresses": (35, 120),
            "tops": (15, 60),
            "jeans": (45, 110),
            "shoes": (50, 150),
            "accessories": (10, 60),
            "home": (12, 90),
            "beauty": (6, 40),
        }
        categories = list(FASHION_CATEGORIES) + list(OTHER_CATEGORIES)
        group_category = np.repeat(categories, [22, 22, 14, 18, 16, 16, 12])
        n_groups = len(group_category)
        group_ids = _ids("G", n_groups, 4)
        group_brand = brands[rng.integers(0, len(brands), n_groups)]
        lo = np.array([base_price[c][0] for c in group_category], dtype=float)
        hi = np.array([base_price[c][1] for c in group_category], dtype=float)
        group_price = np.round(lo + (hi - lo) * rng.random(n_groups)) - 0.05
        is_fashion = np.isin(group_category, FASHION_CATEGORIES)
        n_variants = np.where(
            is_fashion, rng.integers(3, 6, n_groups), rng.integers(1, 4, n_groups)
        )
        # upgradable groups carry one premium variant at a higher list price
        has_premium = rng.random(n_groups) < np.where(is_fashion, 0.35, 0.45)
        n_variants = n_variants + (has_premium & (n_variants == 1))
        g = np.repeat(np.arange(n_groups), n_variants)
        variant_no = np.concatenate([np.arange(k) for k in n_variants])
        is_premium = has_premium[g] & (variant_no == n_variants[g] - 1)
        premium_uplift = 1.2 + 0.25 * rng.random(len(g))
        list_price = _money(
            np.where(is_premium, np.round(group_price[g] * premium_uplift) - 0.05, group_price[g])
        )
        sizes = np.array(["XS", "S", "M", "L", "XL", "XXL"])
        variant_name = np.where(
            is_premium,
            "premium",
            np.where(
                is_fashion[g],
                sizes[np.minimum(variant_no, 5)],
                np.char.add("variant ", (variant_no + 1).astype(str)),
            ),
        )
        margin = 0.35 + 0.25 * rng.random(n_groups)
        unit_cost = _money(list_price * (1 - margin[g]))
        product_ids = _ids("P", len(g), 5)
        names = np.char.add(
            np.char.add(
                np.char.add(group_brand[g].astype(str), " "), group_category[g].astype(str)
            ),
            np.char.add(
                np.char.add(" #", (g + 1).astype(str)), np.char.add(" ", variant_name.astype(str))
            ),
        )
        self.tables["products"] = pd.DataFrame(
            {
                "product_id": product_ids,
                "product_group_id": group_ids[g],
                "product_name": names,
                "category": group_category[g],
                "brand": group_brand[g],
                "list_price": list_price,
                "unit_cost": unit_cost,
            }
        )
        self.prod_group = g
        self.prod_premium = is_premium
        self.group_category = group_category
        # popularity: a long tail over groups; premium variants sell less
        group_pop = 1.0 / np.arange(1, n_groups + 1) ** 0.8
        group_pop = group_pop[rng.permutation(n_groups)]
        pop = group_pop[g] / n_variants[g] * np.where(is_premium, 0.6, 1.0)
        self.prod_pop = pop / pop.sum()

        # complements: directional pairs between groups of matching categories
        complement_of = {
            "dresses": ["shoes", "accessories"],
            "tops": ["jeans", "accessories"],
            "jeans": ["tops", "shoes"],
            "shoes": ["accessories"],
            "accessories": ["tops"],
            "home": ["home"],
            "beauty": ["beauty"],
        }
        pairs = []
        for src_cat, targets in complement_of.items():
            src = np.flatnonzero(group_category == src_cat)
            tgt = np.flatnonzero(np.isin(group_category, targets))
            k = len(src) * 2
            a = src[rng.integers(0, len(src), k)]
            b = tgt[rng.integers(0, len(tgt), k)]
            pairs.append(np.stack([a, b], axis=1))
        pair_arr = np.unique(np.concatenate(pairs), axis=0)
        pair_arr = pair_arr[pair_arr[:, 0] != pair_arr[:, 1]]
        self.complement_pairs = pair_arr
        self.tables["product_complements"] = pd.DataFrame(
            {
                "product_group_id": group_ids[pair_arr[:, 0]],
                "complement_group_id": group_ids[pair_arr[:, 1]],
            }
        )

    # ------------------------------------------------------------ customers & orders

    def customers_and_orders(self) -> None:
        rng, cfg = self.rng, self.cfg
        n_cust = round(1800 * cfg.scale)
        is_b2b = rng.random(n_cust) < 0.08
        is_store_customer = rng.random(n_cust) < 0.12
        w = self.web_day_weight
        first_day = rng.choice(len(self.days), size=n_cust, p=w / w.sum())
        first_at = self._web_times(n_cust, first_day)
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
        ordered_local = _utc_to_local(pd.Series(first_at.values[cust_of_order])) + pd.to_timedelta(
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
                "store_id": np.where(
                    is_store, _pick(rng, ["ST01", "ST02"], [0.6, 0.4], n_known), None
                ),
            }
        )
        known = known[known.ordered_local <= cfg.last_day + pd.Timedelta(hours=23)]

        # anonymous store sales from door-counter traffic
        store_days = np.tile(np.arange(len(self.days)), 2)
        store_of = np.repeat(np.array(["ST01", "ST02"]), len(self.days))
        dow = self.days.day_of_week.to_numpy()[store_days]
        month = self.days.month.to_numpy()[store_days]
        base = np.where(store_of == "ST01", 17, 12)
        factor = np.select([dow == 6, dow == 5], [0.0, 1.7], 1.0) * MONTH_FACTOR[month - 1]
        visitors = rng.poisson(base * factor)
        conv = 0.18 + 0.04 * rng.random(len(store_days))
        anon_n = rng.binomial(visitors, conv)
        counter_missing = rng.random(len(store_days)) < 0.01  # counter outages
        traffic_rows = pd.DataFrame(
            {
                "store_id": store_of,
                "traffic_date": self.days[store_days].strftime("%Y-%m-%d"),
                "visitors": visitors,
            }
        )[~counter_missing]
        self.tables["store_traffic"] = traffic_rows.reset_index(drop=True)
        a_day = np.repeat(store_days, anon_n)
        a_store = np.repeat(store_of, anon_n)
        n_anon = len(a_day)
        a_secs = rng.choice(24, size=n_anon, p=HOUR_WEIGHTS_STORE / HOUR_WEIGHTS_STORE.sum()) * 3600
        a_local = pd.Series(self.days[a_day]) + pd.to_timedelta(
            a_secs + rng.integers(0, 3600, n_anon), unit="s"
        )
        anon = pd.DataFrame(
            {"cust": -1, "ordered_local": a_local, "is_store": True, "store_id": a_store}
        )
        orders = pd.concat([known, anon], ignore_index=True)
        orders = orders.sort_values(["ordered_local", "cust"], kind="stable").reset_index(drop=True)
        n = len(orders)
        orders["order_id"] = _ids("O", n, 7)
        orders["ordered_at"] = _local_to_utc(orders["ordered_local"])
        cust_ids = _ids("C", n_cust, 6)
        orders["customer_id"] = np.where(
            orders.cust >= 0, cust_ids[orders.cust.clip(lower=0)], None
        )
        orders["is_b2b"] = np.where(orders.cust >= 0, is_b2b[orders.cust.clip(lower=0)], False)
        web = ~orders.is_store.to_numpy()
        orders["sales_channel"] = np.where(web, "webshop", "store")
        orders["status"] = np.where(
            rng.random(n) < np.where(web, 0.035, 0.005), "cancelled", "completed"
        )
        self.orders = orders

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
        self.tables["customers"] = pd.DataFrame(
            {
                "customer_id": cust_ids,
                "email": emails,
                "customer_type": np.where(is_b2b, "b2b", "b2c"),
                "country_code": _pick(
                    rng, ["NL", "BE", "DE", "FR", "LU"], [70, 21, 6, 2, 1], n_cust
                ),
                "created_at": created,
            }
        )
        self.n_cust = n_cust
        self.cust_b2b = is_b2b

    # ------------------------------------------------------------ sessions

    def sessions(self) -> None:
        rng, cfg = self.rng, self.cfg
        orders = self.orders
        web_idx = np.flatnonzero(orders.sales_channel.to_numpy() == "webshop")
        n_conv_orders = len(web_idx)
        # consent-blocked tracking: some webshop orders have no session, a few
        # point at a session the analytics export never received
        u = rng.random(n_conv_orders)
        no_session = u < 0.04
        lost_session = (u >= 0.04) & (u < 0.05)
        has_session = ~(no_session | lost_session)
        conv_orders = web_idx[has_session]
        n_conv = len(conv_orders)
        n_total = max(round(120_000 * cfg.scale), n_conv * 20)
        n_browse = n_total - n_conv

        conv_b2b = orders.is_b2b.to_numpy()[conv_orders]
        conv_channel = _pick(
            rng,
            [
                "organic_search",
                "paid_search",
                "paid_social",
                "organic_social",
                "email",
                "display",
                "affiliate",
                "referral",
                "direct",
            ],
            [24, 22, 9, 3, 13, 2, 6, 4, 17],
            n_conv,
        )
        browse_channel = _pick(
            rng,
            [
                "organic_search",
                "paid_search",
                "paid_social",
                "organic_social",
                "email",
                "display",
                "affiliate",
                "referral",
                "direct",
            ],
            [30, 17, 16, 6, 5, 6, 3, 4, 13],
            n_browse,
        )
        conv_device = np.where(
            conv_b2b, "desktop", _pick(rng, ["desktop", "mobile", "tablet"], [50, 43, 7], n_conv)
        )
        browse_device = _pick(rng, ["desktop", "mobile", "tablet"], [33, 60, 7], n_browse)
        conv_duration = (rng.lognormal(6.3, 0.6, n_conv)).astype(int) + 60
        conv_pageviews = 3 + rng.poisson(7, n_conv)
        conv_interactions = 2 + rng.poisson(4, n_conv)
        conv_start = (
            orders.ordered_at.to_numpy()[conv_orders]
            - pd.to_timedelta(
                (conv_duration * rng.uniform(0.6, 0.98, n_conv)).astype(int), unit="s"
            ).to_numpy()
        )

        bounce = rng.random(n_browse) < np.where(
            np.isin(browse_channel, ["paid_social", "display"]), 0.55, 0.38
        )
        b_pageviews = np.where(bounce, 1, 1 + rng.poisson(4, n_browse))
        b_interactions = np.where(bounce, 0, rng.poisson(1.5, n_browse))
        # a single-page visit with an interaction (e.g. a search) is not a bounce
        b_duration = np.where(
            bounce,
            np.where(rng.random(n_browse) < 0.5, 0, rng.integers(1, 40, n_browse)),
            rng.lognormal(5.2, 0.9, n_browse).astype(int) + 10,
        )
        browse_start = self._web_times(n_browse).to_numpy()

        # visitors: customers keep their browser ids; most browsers are anonymous
        cust_visitor = _ids("V", self.n_cust, 7)
        conv_cust = orders.cust.to_numpy()[conv_orders]
        conv_visitor = cust_visitor[conv_cust]
        # a second device for some orders gets its own visitor id
        second = rng.random(n_conv) < 0.2
        conv_visitor = np.where(second, np.char.add(conv_visitor, "b"), conv_visitor)
        browse_is_cust = rng.random(n_browse) < 0.25
        cust_weight = np.where(self.cust_b2b, 0.3, 1.0)
        b_cust = rng.choice(self.n_cust, size=n_browse, p=cust_weight / cust_weight.sum())
        n_anon_visitors = max(int(n_browse * 0.55), 1)
        anon_visitor = _ids("A", n_anon_visitors, 7)[rng.integers(0, n_anon_visitors, n_browse)]
        browse_visitor = np.where(browse_is_cust, cust_visitor[b_cust], anon_visitor)
        browse_logged_in = browse_is_cust & (rng.random(n_browse) < 0.5)
        cust_ids = self.tables["customers"].customer_id.to_numpy()

        sessions = pd.DataFrame(
            {
                "session_start_at": np.concatenate([conv_start, browse_start]),
                "visitor_id": np.concatenate([conv_visitor, browse_visitor]),
                "customer_id": np.concatenate(
                    [
                        np.where(rng.random(n_conv) < 0.95, cust_ids[conv_cust], None),
                        np.where(browse_logged_in, cust_ids[b_cust], None),
                    ]
                ),
                "duration_seconds": np.concatenate([conv_duration, b_duration]),
                "pageviews": np.concatenate([conv_pageviews, b_pageviews]),
                "interactions": np.concatenate([conv_interactions, b_interactions]),
                "device_category": np.concatenate([conv_device, browse_device]),
                "channel": np.concatenate([conv_channel, browse_channel]),
                "order_pos": np.concatenate([conv_orders, np.full(n_browse, -1)]),
            }
        )
        sessions["session_start_at"] = pd.to_datetime(sessions["session_start_at"]).dt.floor("s")
        sessions = sessions.sort_values(
            ["session_start_at", "visitor_id"], kind="stable"
        ).reset_index(drop=True)
        sessions["session_id"] = _ids("S", len(sessions), 7)

        # campaigns: paid sessions carry an active campaign of their channel
        local_day = _utc_to_local(sessions.session_start_at).dt.normalize()
        camp = self.tables["campaigns"]
        campaign_id = np.full(len(sessions), None, dtype=object)
        for channel in ("paid_search", "paid_social", "display"):
            idx = np.flatnonzero(sessions.channel.to_numpy() == channel)
            cands = camp.campaign_id[camp.channel == channel].to_numpy()
            start = np.array([pd.Timestamp(self.campaign_window[c][0]) for c in cands])
            end = np.array([pd.Timestamp(self.campaign_window[c][1]) for c in cands])
            days = local_day.to_numpy()[idx]
            active = (days[:, None] >= start[None, :].astype("datetime64[ns]")) & (
                days[:, None] <= end[None, :].astype("datetime64[ns]")
            )
            weight = active * (1.0 + 2.0 * rng.random(active.shape))
            has_any = weight.sum(axis=1) > 0
            choice = np.argmax(weight, axis=1)
            campaign_id[idx] = np.where(has_any, cands[choice], None)
        # newsletters run outside the ad platforms: their ids match no campaign
        email_idx = np.flatnonzero(sessions.channel.to_numpy() == "email")
        campaign_id[email_idx] = np.where(
            rng.random(len(email_idx)) < 0.7,
            np.char.add(
                "NEWS-", local_day.iloc[email_idx].dt.strftime("%Y%m").to_numpy().astype(str)
            ),
            None,
        )
        sessions["campaign_id"] = campaign_id

        category_pages = np.char.add(
            "/c/", np.array(list(FASHION_CATEGORIES) + list(OTHER_CATEGORIES))
        )
        group_pages = np.char.add(
            "/p/", self.tables["products"].product_group_id.unique().astype(str)
        )
        page_kind = rng.random(len(sessions))
        ch = sessions.channel.to_numpy()
        landing = np.where(
            np.isin(ch, ["direct", "referral"]) & (page_kind < 0.7),
            "/",
            np.where(
                (ch == "email") & (page_kind < 0.6),
                "/sale",
                np.where(
                    page_kind < 0.45,
                    category_pages[rng.integers(0, len(category_pages), len(sessions))],
                    np.where(
                        page_kind < 0.9,
                        group_pages[rng.integers(0, len(group_pages), len(sessions))],
                        "/",
                    ),
                ),
            ),
        )
        sessions["landing_page"] = landing
        self.sessions_df = sessions

        # link orders to their sessions
        session_of_order = np.full(len(orders), None, dtype=object)
        conv_rows = sessions[sessions.order_pos >= 0]
        session_of_order[conv_rows.order_pos.to_numpy()] = conv_rows.session_id.to_numpy()
        lost = web_idx[lost_session]
        session_of_order[lost] = _ids("X", len(lost), 7)
        orders["session_id"] = session_of_order
        self.order_channel = np.full(len(orders), None, dtype=object)
        self.order_channel[conv_rows.order_pos.to_numpy()] = conv_rows.channel.to_numpy()
        self.order_campaign = np.full(len(orders), None, dtype=object)
        self.order_campaign[conv_rows.order_pos.to_numpy()] = conv_rows.campaign_id.to_numpy()
        self.tables["sessions"] = sessions[columns("sessions")]

    # ------------------------------------------------------------ lines

    def order_lines(self) -> None:
        rng = self.rng
        orders = self.orders
        n = len(orders)
        web = orders.sales_channel.to_numpy() == "webshop"
        b2b = orders.is_b2b.to_numpy()
        n_lines = 1 + rng.poisson(np.where(b2b, 1.5, np.where(web, 0.9, 0.5)))
        o = np.repeat(np.arange(n), n_lines)
        line_no = np.concatenate([np.arange(k) for k in n_lines])
        m = len(o)
        products = self.tables["products"]
        prod = rng.choice(len(products), size=m, p=self.prod_pop)
        # cross-sell: later lines often come from a complement of the first line
        first_prod = np.repeat(prod[np.cumsum(n_lines) - n_lines], n_lines)
        first_group = self.prod_group[first_prod]
        pairs = self.complement_pairs
        take_complement = (line_no > 0) & (rng.random(m) < 0.3)
        pair_pos = np.searchsorted(pairs[:, 0], first_group)
        pair_count = np.searchsorted(pairs[:, 0], first_group, side="right") - pair_pos
        can = take_complement & (pair_count > 0)
        pick = pair_pos + (rng.random(m) * np.maximum(pair_count, 1)).astype(int)
        target_group = pairs[np.minimum(pick, len(pairs) - 1), 1]
        group_first_product = np.searchsorted(self.prod_group, target_group)
        prod = np.where(can, group_first_product, prod)
        qty = np.where(
            b2b[o], 1 + rng.poisson(2, m), 1 + (rng.random(m) < 0.1) + (rng.random(m) < 0.02)
        )
        list_price = products.list_price.to_numpy()
        # a few lines sold before a price change carry the old list price
        unit_price = _money(
            np.where(
                rng.random(m) < 0.03, np.round(list_price[prod] * 1.1, 0) - 0.05, list_price[prod]
            )
        )
        gross = qty * unit_price
        promo = self._assign_promotions()
        order_promo = promo[o]
        ptype = order_promo.astype(str)
        pct = np.array([self.promo_pct.get(p, 0.0) for p in ptype])
        discount = np.round(gross * pct, 2)
        # fixed amount: 10 euro off the first line
        is_fixed = np.isin(ptype, ["PR02", "PR06"]) & (line_no == 0)
        discount = np.where(is_fixed, np.minimum(10.0, gross), discount)
        # bundle 3 for 2: the last line of an order of three or more is free
        is_bundle = (
            np.isin(ptype, ["PR04", "PR10"]) & (n_lines[o] >= 3) & (line_no == n_lines[o] - 1)
        )
        discount = np.where(is_bundle, unit_price, discount)
        # markdowns without a promotion: line discounts on orders without one
        markdown = (ptype == "None") & (rng.random(m) < 0.04)
        discount = np.where(markdown, np.round(gross * 0.15, 2), discount)
        discount = _money(np.minimum(discount, gross))
        rec = np.where(
            web[o] & ((can & (rng.random(m) < 0.5)) | (rng.random(m) < 0.05)),
            _pick(rng, ["pdp", "cart", "email"], [5, 3, 2], m),
            None,
        )
        lines = pd.DataFrame(
            {
                "order_line_id": _ids("L", m, 8),
                "order_id": orders.order_id.to_numpy()[o],
                "product_id": products.product_id.to_numpy()[prod],
                "quantity": qty,
                "unit_price": unit_price,
                "discount_amount": discount,
                "recommendation_source": rec,
            }
        )
        self.tables["order_lines"] = lines
        self.line_order = o
        self.line_prod = prod
        net = gross - discount
        order_net = np.bincount(o, weights=net, minlength=n)
        order_items = np.bincount(o, weights=qty, minlength=n)
        fee = np.where(web & (order_net < 50), 4.95, 0.0)
        fee = np.where(np.isin(promo.astype(str), ["PR03", "PR08"]), 0.0, fee)
        orders["promotion_id"] = promo
        orders["shipping_fee"] = _money(fee)
        self.order_net = order_net
        self.order_items = order_items

    def _assign_promotions(self) -> np.ndarray:
        rng = self.rng
        orders = self.orders
        promos = self.tables["promotions"]
        local_date = _utc_to_local(orders.ordered_at).dt.normalize().to_numpy()
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
                    ~orders.duplicated("customer_id").to_numpy()
                    & orders.customer_id.notna().to_numpy()
                )
            result[take] = row.promotion_id
        return result

    # ------------------------------------------------------------ fulfilment

    def shipments(self) -> None:
        rng = self.rng
        orders = self.orders
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
        shipped = (
            orders.ordered_at.to_numpy()[o] + pd.to_timedelta(delay_h * 3600, unit="s").to_numpy()
        )
        shipped = pd.Series(shipped).dt.floor("s")
        local = _utc_to_local(shipped)
        # no shipping on Sundays: push to Monday morning
        sunday = local.dt.day_of_week == 6
        local = local.where(~sunday, local.dt.normalize() + pd.Timedelta(days=1, hours=7))
        shipped = _local_to_utc(local)
        hour = local.dt.hour.to_numpy()
        shift = np.where(
            (hour >= 6) & (hour < 14),
            "early",
            np.where((hour >= 14) & (hour < 22), "late", "night"),
        )
        picking = np.where(
            own,
            _pick(rng, ["batch", "zone", "single_order"], [50, 30, 20], k),
            _pick(rng, ["wave", "single_order"], [60, 40], k),
        )
        carrier = _pick(rng, ["PostNL", "DHL", "DPD"], [55, 30, 15], k)
        promised = local.dt.normalize() + pd.to_timedelta(
            np.where(carrier == "DPD", 2, 1), unit="D"
        )
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
        delivered = _local_to_utc(deliver_local)
        delivered = delivered.where(delivered > shipped, shipped + pd.Timedelta(hours=20))
        lost = rng.random(k) < 0.012
        not_yet = delivered > self.end_utc
        delivered = delivered.where(~(lost | not_yet), pd.NaT)
        attempts = np.where(not_yet, 0, np.where(lost, rng.integers(0, 2, k), attempts))
        error = np.where(
            rng.random(k) < np.where(own, 0.022, 0.038),
            _pick(rng, list(FULFILMENT_ERRORS), [35, 30, 20, 15], k),
            None,
        )
        items = self.order_items[o]
        base_cost = np.select([carrier == "PostNL", carrier == "DHL"], [4.35, 4.85], 5.40)
        shipping_cost = _money(base_cost + 0.18 * np.minimum(items, 10) + rng.uniform(0, 0.4, k))
        keep = (shipped <= self.end_utc).to_numpy()
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
        df.insert(0, "shipment_id", _ids("SH", len(df), 7))
        self.shipments_df = df
        self.tables["shipments"] = df[columns("shipments")]

    def fulfilment_costs(self) -> None:
        rng = self.rng
        s = self.shipments_df
        day = _utc_to_local(s.shipped_at).dt.strftime("%Y-%m-%d")
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
        picking_items = picking[~own.to_numpy()].assign(
            amount=0.25 * daily["items"][~own].to_numpy()
        )
        packing = picking.assign(
            cost_type="packing",
            amount=np.where(own, 0.55, 0.95) * daily.orders.to_numpy(),
        )
        all_days = self.days.strftime("%Y-%m-%d")
        storage = pd.DataFrame(
            {
                "cost_date": np.concatenate([all_days, all_days[self.days.day_of_week == 0]]),
                "warehouse_id": ["WH01"] * len(all_days)
                + ["WH02"] * int((self.days.day_of_week == 0).sum()),
                "cost_type": "storage",
                "amount": np.concatenate(
                    [
                        np.full(len(all_days), 85.0),
                        np.round(rng.uniform(380, 460, int((self.days.day_of_week == 0).sum())), 2),
                    ]
                ),
            }
        )
        costs = pd.concat([picking, picking_items, packing, storage], ignore_index=True)
        costs["amount"] = _money(costs.amount)
        costs = costs.sort_values(["cost_date", "warehouse_id", "cost_type"], kind="stable")
        self.tables["fulfilment_costs"] = costs.reset_index(drop=True)

    # ------------------------------------------------------------ returns

    def returns(self) -> None:
        rng = self.rng
        lines = self.tables["order_lines"]
        orders = self.orders
        o = self.line_order
        category = self.group_category[self.prod_group[self.line_prod]]
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
            _pick(
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
            _pick(
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
        in_transit = (received > self.end_utc) | (rng.random(len(idx)) < 0.015)
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
                "refund_amount": _money(refund),
                "order_pos": o[idx],
            }
        )
        df = df[df.requested_at <= self.end_utc]
        df = df.sort_values(["requested_at", "order_line_id"], kind="stable").reset_index(drop=True)
        df.insert(0, "return_id", _ids("R", len(df), 7))
        self.returns_df = df
        self.tables["returns"] = df[columns("returns")]

    # ------------------------------------------------------------ marketing

    def marketing(self) -> None:
        rng = self.rng
        sessions = self.sessions_df
        camp = self.tables["campaigns"].set_index("campaign_id")
        local_day = _utc_to_local(sessions.session_start_at).dt.strftime("%Y-%m-%d")
        paid = sessions.campaign_id.isin(camp.index)
        per_day = (
            pd.DataFrame(
                {
                    "report_date": local_day[paid],
                    "campaign_id": sessions.campaign_id[paid],
                    "sessions": 1,
                    "orders": (sessions.order_pos[paid] >= 0).astype(int),
                }
            )
            .groupby(["report_date", "campaign_id"], as_index=False)[["sessions", "orders"]]
            .sum()
        )
        grid = []
        for cid, (start, end) in self.campaign_window.items():
            days = pd.date_range(start, end, freq="D").strftime("%Y-%m-%d")
            grid.append(pd.DataFrame({"report_date": days, "campaign_id": cid}))
        ads = pd.concat(grid, ignore_index=True).merge(
            per_day, how="left", on=["report_date", "campaign_id"]
        )
        ads[["sessions", "orders"]] = ads[["sessions", "orders"]].fillna(0).astype(int)
        n = len(ads)
        channel = camp.channel.reindex(ads.campaign_id).to_numpy()
        objective = camp.objective.reindex(ads.campaign_id).to_numpy()
        # clicks exceed tracked sessions: consent banners and quick exits
        clicks = np.ceil(ads.sessions.to_numpy() * rng.uniform(1.1, 1.5, n)).astype(
            int
        ) + rng.poisson(1, n)
        ctr = np.select(
            [channel == "paid_search", channel == "display"],
            [rng.uniform(0.035, 0.07, n), rng.uniform(0.002, 0.006, n)],
            rng.uniform(0.008, 0.016, n),
        )
        ctr = np.where(objective == "awareness", ctr * 0.5, ctr)
        impressions = np.ceil(clicks / ctr).astype(int)
        reach = np.maximum(
            (impressions / rng.uniform(1.3, 3.2, n)).astype(int), np.minimum(impressions, 1)
        )
        cpc = np.select(
            [channel == "paid_search", channel == "display"],
            [rng.uniform(0.45, 0.95, n), rng.uniform(0.15, 0.4, n)],
            rng.uniform(0.3, 0.7, n),
        )
        cost = _money(clicks * cpc)
        conversions = rng.binomial(ads.orders.to_numpy() * 2 + 1, 0.55)
        ads = ads.assign(
            impressions=impressions,
            reach=reach,
            clicks=clicks,
            cost=cost,
            platform_conversions=conversions,
        )
        self.tables["ad_performance"] = ads[columns("ad_performance")]

        months = pd.date_range(self.cfg.first_day, self.cfg.last_day, freq="MS").strftime(
            "%Y-%m-%d"
        )
        fixed = pd.DataFrame(
            {
                "cost_date": np.concatenate([months, months, months]),
                "channel": ["email"] * len(months)
                + ["paid_social"] * len(months)
                + ["organic_search"] * len(months),
                "cost_type": ["email_tool"] * len(months)
                + ["agency"] * len(months)
                + ["seo_agency"] * len(months),
                "amount": [149.0] * len(months) + [1250.0] * len(months) + [900.0] * len(months),
            }
        )
        # affiliate commission: 8 % of the net revenue of affiliate orders, per day
        aff = self.order_channel == "affiliate"
        aff &= self.orders.status.to_numpy() == "completed"
        aff_day = _utc_to_local(self.orders.ordered_at[aff]).dt.strftime("%Y-%m-%d")
        fee = (
            pd.DataFrame({"cost_date": aff_day.to_numpy(), "amount": 0.08 * self.order_net[aff]})
            .groupby("cost_date", as_index=False)
            .amount.sum()
        )
        fee = fee.assign(channel="affiliate", cost_type="affiliate_fee")
        mk = pd.concat(
            [fixed, fee[["cost_date", "channel", "cost_type", "amount"]]], ignore_index=True
        )
        mk["amount"] = _money(mk.amount)
        self.tables["marketing_costs"] = mk.sort_values(
            ["cost_date", "channel", "cost_type"], kind="stable"
        ).reset_index(drop=True)

    # ------------------------------------------------------------ surveys

    def nps(self) -> None:
        rng = self.rng
        orders = self.orders
        with_cust = orders.customer_id.notna().to_numpy()
        pp = np.flatnonzero(with_cust & (rng.random(len(orders)) < 0.12))
        sh = self.shipments_df
        delivered = sh[sh.delivered_at.notna()]
        pd_idx = np.flatnonzero(rng.random(len(delivered)) < 0.10)
        late = (
            _utc_to_local(delivered.delivered_at).dt.strftime("%Y-%m-%d")
            > delivered.promised_delivery_date
        ).to_numpy()
        err = delivered.fulfilment_error.notna().to_numpy()
        rt = self.returns_df[self.returns_df.received_at.notna()]
        pr_idx = np.flatnonzero(rng.random(len(rt)) < 0.2)
        n_periodic = int(self.n_cust * 1.2)
        periodic_cust = rng.integers(0, self.n_cust, n_periodic)
        periodic_at = self._web_times(n_periodic)
        cust_ids = self.tables["customers"].customer_id.to_numpy()
        parts = [
            pd.DataFrame(
                {
                    "customer_id": orders.customer_id.to_numpy()[pp],
                    "order_id": orders.order_id.to_numpy()[pp],
                    "touchpoint": "post_purchase",
                    "responded_at": orders.ordered_at.to_numpy()[pp]
                    + pd.to_timedelta(rng.uniform(0.05, 2, len(pp)) * 86400, unit="s").to_numpy(),
                    "penalty": 0.0,
                }
            ),
            pd.DataFrame(
                {
                    "customer_id": orders.customer_id.to_numpy()[
                        delivered.order_pos.to_numpy()[pd_idx]
                    ],
                    "order_id": delivered.order_id.to_numpy()[pd_idx],
                    "touchpoint": "post_delivery",
                    "responded_at": delivered.delivered_at.to_numpy()[pd_idx]
                    + pd.to_timedelta(
                        rng.uniform(0.1, 3, len(pd_idx)) * 86400, unit="s"
                    ).to_numpy(),
                    "penalty": 2.5 * late[pd_idx] + 3.5 * err[pd_idx],
                }
            ),
            pd.DataFrame(
                {
                    "customer_id": orders.customer_id.to_numpy()[rt.order_pos.to_numpy()[pr_idx]],
                    "order_id": orders.order_id.to_numpy()[rt.order_pos.to_numpy()[pr_idx]],
                    "touchpoint": "post_return",
                    "responded_at": rt.received_at.to_numpy()[pr_idx]
                    + pd.to_timedelta(
                        rng.uniform(0.1, 4, len(pr_idx)) * 86400, unit="s"
                    ).to_numpy(),
                    "penalty": 1.2,
                }
            ),
            pd.DataFrame(
                {
                    "customer_id": cust_ids[periodic_cust],
                    "order_id": None,
                    "touchpoint": "periodic",
                    "responded_at": periodic_at.to_numpy(),
                    "penalty": 0.6,
                }
            ),
        ]
        nps = pd.concat(parts, ignore_index=True)
        nps = nps[nps.customer_id.notna()]
        nps["responded_at"] = pd.to_datetime(nps.responded_at).dt.floor("s")
        nps = nps[nps.responded_at <= self.end_utc]
        # periodic surveys only reach customers who already exist
        created = self.tables["customers"].set_index("customer_id").created_at
        nps = nps[nps.responded_at >= created.reindex(nps.customer_id).to_numpy()]
        latent = rng.normal(8.5, 1.6, len(nps)) - nps.penalty.to_numpy()
        nps["score"] = np.clip(np.round(latent), 0, 10).astype(int)
        nps = nps.sort_values(["responded_at", "customer_id"], kind="stable").reset_index(drop=True)
        nps.insert(0, "response_id", _ids("N", len(nps), 6))
        self.tables["nps_responses"] = nps[columns("nps_responses")]

    # ------------------------------------------------------------ assemble

    def draw(self, reseed: list[int] | None = None) -> dict[str, pd.DataFrame]:
        """All raw tables with their natural dtypes (timestamps, floats, ints).

        ``reseed`` restarts the random stream after the shared catalogue
        (stores, warehouses, promotions, campaigns, products): shards of a
        large tier share that catalogue but draw their own customers.
        """
        self.reference()
        self.products()
        if reseed is not None:
            self.rng = np.random.default_rng(reseed)
        self.customers_and_orders()
        self.sessions()
        self.order_lines()
        self.shipments()
        self.fulfilment_costs()
        self.returns()
        self.marketing()
        self.nps()
        self.tables["orders"] = self.orders[columns("orders")]
        return {name: self.tables[name][columns(name)] for name in RAW_TABLES}

    def build(self) -> dict[str, pd.DataFrame]:
        return {name: _format(name, df) for name, df in self.draw().items()}


def _format(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Text columns in the contract's layout: timestamps, 2-decimal money."""
    out = pd.DataFrame(index=df.index)
    for name, kind in RAW_TABLES[table]:
        col = df[name]
        if kind == "timestamp":
            col = pd.to_datetime(col).dt.strftime(TS_FORMAT)
        elif kind == "decimal":
            col = pd.Series([f"{v:.2f}" for v in col.to_numpy(dtype=float)], index=df.index)
        elif kind == "integer":
            col = col.astype("Int64").astype(str).replace("<NA>", None)
        out[name] = col.astype(object).where(col.notna(), None)
    return out.reset_index(drop=True)


def generate(config: Config) -> dict[str, pd.DataFrame]:
    """All raw tables as text data frames, keyed by table name (no prefix)."""
    return _Shop(config).build()


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
        select = ", ".join(f'cast("{c}" as varchar) as "{c}"' for c in df.columns)
        options = "(format csv, header true)" if fmt == "csv" else "(format parquet)"
        con.execute(f"copy (select {select} from frame) to '{path.as_posix()}' {options}")
        con.unregister("frame")
        paths.append(path)
    con.close()
    return paths
