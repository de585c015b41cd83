"""Product-detail views of the web sessions (the optional raw table ``product_views``).

Drawn last, from a random stream of their own (the config's seed and
``VIEW_STREAM``), so that adding them left every other table's file
byte-identical (decision D77). Realistic browsing: part of the sessions view
products, several of them, mostly in one category and sometimes in others;
buyers mostly viewed what they bought, and also viewed other categories;
most viewing sessions buy nothing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ecommerce_kpis.demo.shop import Shop, ids
from ecommerce_kpis.schema import columns

# the second word of the product views' own seed: [config.seed, VIEW_STREAM]
VIEW_STREAM = 2319


def _pick_products(
    rng: np.random.Generator,
    category: np.ndarray,
    categories: np.ndarray,
    popularity: np.ndarray,
) -> np.ndarray:
    """One product index per entry of ``category``, by popularity within it."""
    out = np.empty(len(category), dtype=np.int64)
    for name in np.unique(categories):
        members = np.flatnonzero(categories == name)
        rows = np.flatnonzero(category == name)
        if len(rows) == 0:
            continue
        weight = popularity[members] / popularity[members].sum()
        out[rows] = members[rng.choice(len(members), size=len(rows), p=weight)]
    return out


def draw_product_views(shop: Shop) -> None:
    rng = np.random.default_rng([shop.cfg.seed, VIEW_STREAM])
    sessions = shop.tables["sessions"]
    products = shop.tables["products"]
    lines = shop.tables["order_lines"]
    orders = shop.orders

    product_ids = products.product_id.to_numpy()
    categories = products.category.to_numpy().astype(str)
    popularity = np.asarray(shop.prod_pop, dtype=float)
    product_pos = pd.Series(np.arange(len(products)), index=product_ids)

    session_ids = sessions.session_id.to_numpy()
    session_pos = pd.Series(np.arange(len(sessions)), index=session_ids)
    start = pd.to_datetime(sessions.session_start_at).to_numpy()
    duration = sessions.duration_seconds.to_numpy(dtype=np.int64)

    # the lines of webshop orders whose session the analytics export has
    order_session = pd.Series(orders.session_id.to_numpy(), index=orders.order_id.to_numpy())
    order_time = pd.Series(
        pd.to_datetime(orders.ordered_at).to_numpy(), index=orders.order_id.to_numpy()
    )
    line_session = order_session.reindex(lines.order_id.to_numpy()).to_numpy()
    known = pd.Series(line_session).isin(session_pos.index).to_numpy()
    bought = pd.DataFrame(
        {
            "session": session_pos.reindex(line_session[known]).to_numpy(),
            "product": product_pos.reindex(lines.product_id.to_numpy()[known]).to_numpy(),
            "ordered_at": order_time.reindex(lines.order_id.to_numpy()[known]).to_numpy(),
        }
    )
    # buyers mostly viewed the product they bought (a few came straight from
    # a wishlist or a reorder link)
    seen = bought[rng.random(len(bought)) < 0.88]
    first_seconds = (
        (seen.ordered_at.to_numpy() - start[seen.session.to_numpy()]) / np.timedelta64(1, "s")
    ).clip(min=0)
    bought_at = start[seen.session.to_numpy()] + (
        rng.uniform(0.05, 0.95, len(seen)) * first_seconds
    ).astype("timedelta64[s]")

    # browsing: a home category per session (a buyer's: what it bought),
    # several views, some of other categories
    home = categories[rng.choice(len(products), size=len(sessions), p=popularity)]
    first_bought = bought.drop_duplicates("session")
    home[first_bought.session.to_numpy()] = categories[first_bought["product"].to_numpy()]
    is_buyer = np.zeros(len(sessions), dtype=bool)
    is_buyer[first_bought.session.to_numpy()] = True
    pageviews = sessions.pageviews.to_numpy(dtype=np.int64)
    browses = rng.random(len(sessions)) < np.where(is_buyer, 0.6, 0.3)
    n_views = np.where(browses, np.minimum(1 + rng.poisson(1.2, len(sessions)), pageviews), 0)
    view_session = np.repeat(np.arange(len(sessions)), n_views)
    other = rng.random(len(view_session)) < 0.3
    view_category = np.where(
        other,
        categories[rng.choice(len(products), size=len(view_session), p=popularity)],
        home[view_session],
    )
    browse_product = _pick_products(rng, view_category, categories, popularity)
    browse_at = start[view_session] + (
        rng.uniform(0, 1, len(view_session)) * duration[view_session]
    ).astype("timedelta64[s]")

    views = pd.DataFrame(
        {
            "session_id": np.concatenate(
                [session_ids[seen.session.to_numpy()], session_ids[view_session]]
            ),
            "product_id": np.concatenate(
                [product_ids[seen["product"].to_numpy()], product_ids[browse_product]]
            ),
            "viewed_at": np.concatenate([bought_at, browse_at]),
        }
    )
    views = views.sort_values(["viewed_at", "session_id", "product_id"], kind="stable")
    views = views.reset_index(drop=True)
    views["view_id"] = ids("PV", len(views), 8)
    shop.tables["product_views"] = views[columns("product_views")]
