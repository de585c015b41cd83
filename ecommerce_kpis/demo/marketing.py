"""Marketing costs per day, channel and campaign (media spend and fees)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ecommerce_kpis.demo.shop import (
    Shop,
    money,
    utc_to_local,
)
from ecommerce_kpis.schema import (
    columns,
)


def draw_marketing(shop: Shop) -> None:
    rng = shop.rng
    sessions = shop.sessions_df
    camp = shop.tables["campaigns"].set_index("campaign_id")
    local_day = utc_to_local(sessions.session_start_at).dt.strftime("%Y-%m-%d")
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
    for cid, (start, end) in shop.campaign_window.items():
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
    clicks = np.ceil(ads.sessions.to_numpy() * rng.uniform(1.1, 1.5, n)).astype(int) + rng.poisson(
        1, n
    )
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
    cost = money(clicks * cpc)
    conversions = rng.binomial(ads.orders.to_numpy() * 2 + 1, 0.55)
    ads = ads.assign(
        impressions=impressions,
        reach=reach,
        clicks=clicks,
        cost=cost,
        platform_conversions=conversions,
    )
    shop.tables["ad_performance"] = ads[columns("ad_performance")]

    months = pd.date_range(shop.cfg.first_day, shop.cfg.last_day, freq="MS").strftime("%Y-%m-%d")
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
    aff = shop.order_channel == "affiliate"
    aff &= shop.orders.status.to_numpy() == "completed"
    aff_day = utc_to_local(shop.orders.ordered_at[aff]).dt.strftime("%Y-%m-%d")
    fee = (
        pd.DataFrame({"cost_date": aff_day.to_numpy(), "amount": 0.08 * shop.order_net[aff]})
        .groupby("cost_date", as_index=False)
        .amount.sum()
    )
    fee = fee.assign(channel="affiliate", cost_type="affiliate_fee")
    mk = pd.concat([fixed, fee[["cost_date", "channel", "cost_type", "amount"]]], ignore_index=True)
    mk["amount"] = money(mk.amount)
    shop.tables["marketing_costs"] = mk.sort_values(
        ["cost_date", "channel", "cost_type"], kind="stable"
    ).reset_index(drop=True)
