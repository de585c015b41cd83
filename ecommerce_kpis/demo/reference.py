"""The shop's fixed reference tables and its product range.

Stores, warehouses, promotions and campaigns are constants; the products
(groups, variants, prices, popularity) and the complement pairs between
product groups are drawn.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ecommerce_kpis.demo.shop import (
    Shop,
    ids,
    money,
)
from ecommerce_kpis.schema import (
    FASHION_CATEGORIES,
    OTHER_CATEGORIES,
    columns,
)


def draw_reference(shop: Shop) -> None:
    shop.tables["stores"] = pd.DataFrame(
        {
            "store_id": ["ST01", "ST02"],
            "store_name": ["Utrecht Oudegracht", "Antwerpen Meir"],
            "city": ["Utrecht", "Antwerpen"],
        }
    )
    shop.tables["warehouses"] = pd.DataFrame(
        {
            "warehouse_id": ["WH01", "WH02"],
            "warehouse_name": ["DC Tilburg", "FulfilPro Venlo"],
            "operator": ["own", "partner"],
        }
    )
    shop.tables["promotions"] = pd.DataFrame(
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
    shop.promo_pct = {"PR01": 0.2, "PR05": 0.25, "PR07": 0.3, "PR09": 0.2, "PR11": 0.25}
    shop.tables["campaigns"] = pd.DataFrame(
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
    last = str(shop.cfg.last_day.date())
    first = str(shop.cfg.first_day.date())
    shop.campaign_window = {
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


def draw_products(shop: Shop) -> None:
    rng = shop.rng
    brands = np.array(["Nordwind", "Luma", "Vandaag", "Kade", "Polder", "Tulp", "Stroom", "Mees"])
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
    group_ids = ids("G", n_groups, 4)
    group_brand = brands[rng.integers(0, len(brands), n_groups)]
    lo = np.array([base_price[c][0] for c in group_category], dtype=float)
    hi = np.array([base_price[c][1] for c in group_category], dtype=float)
    group_price = np.round(lo + (hi - lo) * rng.random(n_groups)) - 0.05
    is_fashion = np.isin(group_category, FASHION_CATEGORIES)
    n_variants = np.where(is_fashion, rng.integers(3, 6, n_groups), rng.integers(1, 4, n_groups))
    # upgradable groups carry one premium variant at a higher list price
    has_premium = rng.random(n_groups) < np.where(is_fashion, 0.35, 0.45)
    n_variants = n_variants + (has_premium & (n_variants == 1))
    g = np.repeat(np.arange(n_groups), n_variants)
    variant_no = np.concatenate([np.arange(k) for k in n_variants])
    is_premium = has_premium[g] & (variant_no == n_variants[g] - 1)
    premium_uplift = 1.2 + 0.25 * rng.random(len(g))
    list_price = money(
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
    unit_cost = money(list_price * (1 - margin[g]))
    product_ids = ids("P", len(g), 5)
    names = np.char.add(
        np.char.add(np.char.add(group_brand[g].astype(str), " "), group_category[g].astype(str)),
        np.char.add(
            np.char.add(" #", (g + 1).astype(str)), np.char.add(" ", variant_name.astype(str))
        ),
    )
    shop.tables["products"] = pd.DataFrame(
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
    shop.prod_group = g
    shop.prod_premium = is_premium
    shop.group_category = group_category
    # popularity: a long tail over groups; premium variants sell less
    group_pop = 1.0 / np.arange(1, n_groups + 1) ** 0.8
    group_pop = group_pop[rng.permutation(n_groups)]
    pop = group_pop[g] / n_variants[g] * np.where(is_premium, 0.6, 1.0)
    shop.prod_pop = pop / pop.sum()

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
    shop.complement_pairs = pair_arr
    shop.tables["product_complements"] = pd.DataFrame(
        {
            "product_group_id": group_ids[pair_arr[:, 0]],
            "complement_group_id": group_ids[pair_arr[:, 1]],
        }
    )
