"""Web sessions: the converting sessions of webshop orders plus browsing sessions.

Also links each webshop order to its session, channel and campaign (some
orders have no session or point at one the analytics export never received).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ecommerce_kpis.demo.shop import (
    Shop,
    ids,
    pick,
    utc_to_local,
)
from ecommerce_kpis.schema import (
    FASHION_CATEGORIES,
    OTHER_CATEGORIES,
    SESSION_CHANNELS,
    columns,
)


def draw_sessions(shop: Shop) -> None:
    rng, cfg = shop.rng, shop.cfg
    orders = shop.orders
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
    # channel weights in the order of the spec's list (raw_sessions.yml)
    conv_channel = pick(
        rng,
        SESSION_CHANNELS,
        [24, 22, 9, 3, 13, 2, 6, 4, 17],
        n_conv,
    )
    browse_channel = pick(
        rng,
        SESSION_CHANNELS,
        [30, 17, 16, 6, 5, 6, 3, 4, 13],
        n_browse,
    )
    conv_device = np.where(
        conv_b2b, "desktop", pick(rng, ["desktop", "mobile", "tablet"], [50, 43, 7], n_conv)
    )
    browse_device = pick(rng, ["desktop", "mobile", "tablet"], [33, 60, 7], n_browse)
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
    browse_start = shop.web_times(n_browse).to_numpy()

    # visitors: customers keep their browser ids; most browsers are anonymous
    cust_visitor = ids("V", shop.n_cust, 7)
    conv_cust = orders.cust.to_numpy()[conv_orders]
    conv_visitor = cust_visitor[conv_cust]
    # a second device for some orders gets its own visitor id
    second = rng.random(n_conv) < 0.2
    conv_visitor = np.where(second, np.char.add(conv_visitor, "b"), conv_visitor)
    browse_is_cust = rng.random(n_browse) < 0.25
    cust_weight = np.where(shop.cust_b2b, 0.3, 1.0)
    b_cust = rng.choice(shop.n_cust, size=n_browse, p=cust_weight / cust_weight.sum())
    n_anon_visitors = max(int(n_browse * 0.55), 1)
    anon_visitor = ids("A", n_anon_visitors, 7)[rng.integers(0, n_anon_visitors, n_browse)]
    browse_visitor = np.where(browse_is_cust, cust_visitor[b_cust], anon_visitor)
    browse_logged_in = browse_is_cust & (rng.random(n_browse) < 0.5)
    cust_ids = shop.tables["customers"].customer_id.to_numpy()

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
    sessions = sessions.sort_values(["session_start_at", "visitor_id"], kind="stable").reset_index(
        drop=True
    )
    sessions["session_id"] = ids("S", len(sessions), 7)

    # campaigns: paid sessions carry an active campaign of their channel
    local_day = utc_to_local(sessions.session_start_at).dt.normalize()
    camp = shop.tables["campaigns"]
    campaign_id = np.full(len(sessions), None, dtype=object)
    for channel in ("paid_search", "paid_social", "display"):
        idx = np.flatnonzero(sessions.channel.to_numpy() == channel)
        cands = camp.campaign_id[camp.channel == channel].to_numpy()
        start = np.array([pd.Timestamp(shop.campaign_window[c][0]) for c in cands])
        end = np.array([pd.Timestamp(shop.campaign_window[c][1]) for c in cands])
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
        np.char.add("NEWS-", local_day.iloc[email_idx].dt.strftime("%Y%m").to_numpy().astype(str)),
        None,
    )
    sessions["campaign_id"] = campaign_id

    category_pages = np.char.add("/c/", np.array(list(FASHION_CATEGORIES) + list(OTHER_CATEGORIES)))
    group_pages = np.char.add("/p/", shop.tables["products"].product_group_id.unique().astype(str))
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
    shop.sessions_df = sessions

    # link orders to their sessions
    session_of_order = np.full(len(orders), None, dtype=object)
    conv_rows = sessions[sessions.order_pos >= 0]
    session_of_order[conv_rows.order_pos.to_numpy()] = conv_rows.session_id.to_numpy()
    lost = web_idx[lost_session]
    session_of_order[lost] = ids("X", len(lost), 7)
    orders["session_id"] = session_of_order
    shop.order_channel = np.full(len(orders), None, dtype=object)
    shop.order_channel[conv_rows.order_pos.to_numpy()] = conv_rows.channel.to_numpy()
    shop.order_campaign = np.full(len(orders), None, dtype=object)
    shop.order_campaign[conv_rows.order_pos.to_numpy()] = conv_rows.campaign_id.to_numpy()
    shop.tables["sessions"] = sessions[columns("sessions")]
