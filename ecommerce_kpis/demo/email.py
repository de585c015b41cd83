"""E-mail campaigns and their events (the optional table ``email_events``).

Drawn last, from a random stream of its own (``EMAIL_SEED`` mixed with the
config's seed), so that adding e-mail to the demo left every other table's
draws as they were; the e-mail campaigns are appended after the ad
campaigns, which read no random number (decision D78).

Six campaigns of the e-mail tool (platform ``klaviyo``, channel ``email``)
go to a list of subscribers, most of them customers of the shop. Per
recipient: a delivery (or a bounce), opens (some several times, some
stamped a few seconds before the delivery: the tool's clock skew), clicks
(some without any open event: the open pixel was blocked) and a few
unsubscribes. One campaign is sent just before local midnight, so its
deliveries fall on two local dates; another is re-sent three days later to
those who had not opened it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ecommerce_kpis.demo.shop import Shop, ids, local_to_utc
from ecommerce_kpis.schema import columns

# the e-mail draws' own random stream (see the module docstring)
EMAIL_SEED = 7_301

# campaign id, name, objective, local send time, re-send after (days) or None
EMAIL_CAMPAIGNS = (
    ("EM01", "Newsletter January", "consideration", "2025-01-16 09:00:00", 3),
    ("EM02", "Spring collection", "consideration", "2025-03-20 09:00:00", None),
    ("EM03", "Summer sale at midnight", "conversion", "2025-06-26 23:50:00", None),
    ("EM04", "Black Friday early access", "conversion", "2025-11-27 08:00:00", None),
    ("EM05", "Winter sale", "conversion", "2026-01-02 09:00:00", None),
    ("EM06", "Spring newsletter", "consideration", "2026-04-09 09:00:00", None),
)


def _seconds(values) -> pd.TimedeltaIndex:
    return pd.to_timedelta(np.round(np.asarray(values, dtype=float)), unit="s")


def draw_email(shop: Shop) -> None:
    """Append the e-mail campaigns and draw ``email_events``."""
    rng = np.random.default_rng([EMAIL_SEED, shop.cfg.seed])
    shop.tables["campaigns"] = pd.concat(
        [
            shop.tables["campaigns"],
            pd.DataFrame(
                [(cid, name, "klaviyo", "email", obj) for cid, name, obj, _, _ in EMAIL_CAMPAIGNS],
                columns=columns("campaigns"),
            ),
        ],
        ignore_index=True,
    )

    # the subscriber list: pseudonymous profile ids, three in four a customer
    customers = shop.tables["customers"].customer_id.to_numpy()
    n_list = max(round(900 * shop.cfg.scale), 20)
    n_linked = min(int(n_list * 0.75), len(customers))
    profile = ids("P", n_list, 6)
    customer = np.full(n_list, None, dtype=object)
    customer[:n_linked] = rng.choice(customers, size=n_linked, replace=False)
    last = shop.cfg.last_day + pd.Timedelta(days=1)

    parts = []
    for cid, _, _, sent_local, resend_days in EMAIL_CAMPAIGNS:
        sent = local_to_utc(pd.Series([pd.Timestamp(sent_local)]))[0]
        if sent >= last:
            continue
        audience = np.flatnonzero(rng.random(n_list) < 0.7)
        n = len(audience)
        delivered_at = sent + _seconds(rng.exponential(600, n).clip(0, 7200))
        bounced = rng.random(n) < 0.02
        events = [("bounced", audience[bounced], delivered_at[bounced])]
        ok = ~bounced
        events.append(("delivered", audience[ok], delivered_at[ok]))
        rec, at = audience[ok], delivered_at[ok]
        opener = rng.random(len(rec)) < 0.42
        clicker = opener & (rng.random(len(rec)) < 0.3)
        # the open pixel blocked: a click without any open event
        pixel_blocked = clicker & (rng.random(len(rec)) < 0.15)
        # the tool's clock skew: the only open stamped before the delivery
        skewed = opener & ~clicker & (rng.random(len(rec)) < 0.03)
        first_open = at + _seconds(rng.exponential(5 * 3600, len(rec)))
        first_open = first_open.where(~skewed, at - _seconds(rng.integers(1, 120, len(rec))))
        with_open = opener & ~pixel_blocked
        n_opens = np.where(skewed, 1, rng.geometric(0.6, len(rec)))
        idx = np.repeat(np.flatnonzero(with_open), n_opens[with_open])
        offset = rng.exponential(86400, len(idx))
        first_of_recipient = np.r_[True, idx[1:] != idx[:-1]] if len(idx) else np.array([], bool)
        offset[first_of_recipient] = 0
        events.append(("opened", rec[idx], first_open[idx] + _seconds(offset)))
        click_at = first_open + _seconds(rng.exponential(120, len(rec)))
        events.append(("clicked", rec[clicker], click_at[clicker]))
        unsub = opener & (rng.random(len(rec)) < 0.01)
        events.append(("unsubscribed", rec[unsub], click_at[unsub] + _seconds(30)))
        if resend_days is not None:
            # re-sent to those who neither opened nor clicked; some open it now
            again = ~opener
            resent = at[again] + pd.Timedelta(days=resend_days)
            events.append(("delivered", rec[again], resent))
            opens_now = rng.random(again.sum()) < 0.15
            events.append(
                (
                    "opened",
                    rec[again][opens_now],
                    resent[opens_now] + _seconds(rng.exponential(3 * 3600, opens_now.sum())),
                )
            )
        for event_type, who, when in events:
            parts.append(
                pd.DataFrame(
                    {
                        "campaign_id": cid,
                        "recipient_id": profile[who],
                        "customer_id": customer[who],
                        "event_type": event_type,
                        "event_at": pd.DatetimeIndex(when).floor("s"),
                    }
                )
            )

    if not parts:
        shop.tables["email_events"] = pd.DataFrame(columns=columns("email_events"))
        return
    events = pd.concat(parts, ignore_index=True)
    events = events[events.event_at < last]
    events = events.sort_values(
        ["event_at", "campaign_id", "recipient_id", "event_type"], kind="stable"
    ).reset_index(drop=True)
    events["event_id"] = ids("EE", len(events), 7)
    shop.tables["email_events"] = events[columns("email_events")]
