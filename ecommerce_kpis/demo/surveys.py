"""NPS responses: after purchases, deliveries and returns, plus periodic surveys."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ecommerce_kpis.demo.shop import (
    Shop,
    ids,
    utc_to_local,
)
from ecommerce_kpis.schema import (
    columns,
)


def draw_nps(shop: Shop) -> None:
    rng = shop.rng
    orders = shop.orders
    with_cust = orders.customer_id.notna().to_numpy()
    pp = np.flatnonzero(with_cust & (rng.random(len(orders)) < 0.12))
    sh = shop.shipments_df
    delivered = sh[sh.delivered_at.notna()]
    pd_idx = np.flatnonzero(rng.random(len(delivered)) < 0.10)
    late = (
        utc_to_local(delivered.delivered_at).dt.strftime("%Y-%m-%d")
        > delivered.promised_delivery_date
    ).to_numpy()
    err = delivered.fulfilment_error.notna().to_numpy()
    rt = shop.returns_df[shop.returns_df.received_at.notna()]
    pr_idx = np.flatnonzero(rng.random(len(rt)) < 0.2)
    n_periodic = int(shop.n_cust * 1.2)
    periodic_cust = rng.integers(0, shop.n_cust, n_periodic)
    periodic_at = shop.web_times(n_periodic)
    cust_ids = shop.tables["customers"].customer_id.to_numpy()
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
                + pd.to_timedelta(rng.uniform(0.1, 3, len(pd_idx)) * 86400, unit="s").to_numpy(),
                "penalty": 2.5 * late[pd_idx] + 3.5 * err[pd_idx],
            }
        ),
        pd.DataFrame(
            {
                "customer_id": orders.customer_id.to_numpy()[rt.order_pos.to_numpy()[pr_idx]],
                "order_id": orders.order_id.to_numpy()[rt.order_pos.to_numpy()[pr_idx]],
                "touchpoint": "post_return",
                "responded_at": rt.received_at.to_numpy()[pr_idx]
                + pd.to_timedelta(rng.uniform(0.1, 4, len(pr_idx)) * 86400, unit="s").to_numpy(),
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
    nps = nps[nps.responded_at <= shop.end_utc]
    # periodic surveys only reach customers who already exist
    created = shop.tables["customers"].set_index("customer_id").created_at
    nps = nps[nps.responded_at >= created.reindex(nps.customer_id).to_numpy()]
    latent = rng.normal(8.5, 1.6, len(nps)) - nps.penalty.to_numpy()
    nps["score"] = np.clip(np.round(latent), 0, 10).astype(int)
    nps = nps.sort_values(["responded_at", "customer_id"], kind="stable").reset_index(drop=True)
    nps.insert(0, "response_id", ids("N", len(nps), 6))
    shop.tables["nps_responses"] = nps[columns("nps_responses")]
