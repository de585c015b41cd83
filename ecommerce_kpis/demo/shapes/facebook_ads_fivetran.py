"""The demo's Meta campaigns as the Fivetran Facebook Ads connector lands them.

``landed(tables)`` turns the demo's Meta campaigns (platform ``meta``) and
their ``ad_performance`` rows into the connector's tables
(docs/adapters/facebook_ads_fivetran.md):

- ``basic_ad``: each campaign day split over the campaign's two or three
  ads; impressions, link clicks, spend (cents) and reach sum back exactly,
  and each ad's reach and clicks stay within its impressions, so the
  adapter's reach (the sum over ads) gives back the demo's reach;
- ``basic_ad_actions``: each ad day's purchases under three overlapping
  action types (``offsite_conversion.fb_pixel_purchase``, ``purchase``,
  ``omni_purchase``) and its ``link_click`` actions;
- ``ad_history`` with an ad moved from one campaign to another (its older
  version names the first), ``campaign_history`` with a campaign in two
  versions (legacy objective CONVERSIONS, then OUTCOME_SALES), and
  ``account_history`` with two versions of the EUR account and a USD
  account in New York time (the time-zone warning);
- bad rows: an ad without history, a campaign with an objective the
  adapter does not know, a day of negative spend, a USD day without a rate.

Meta's ids are numbers: the demo's campaign ids are given ids of Meta's
form (``source_ids``), so sessions of Meta campaigns point at
``meta_ads:<id>``. Campaigns of other platforms and their ad rows stay in
the raw tables (``elsewhere``).
"""

from __future__ import annotations

import pandas as pd

PLATFORM = "meta_ads"
FILLS = ("campaigns", "ad_performance")
DEMO_PLATFORM = "meta"
ACCOUNT_ID = "1020304050607080"
USD_ACCOUNT_ID = "1020304050607099"
# the latest version's objective per contract objective: outcome-driven
# (2023) and, for the awareness campaign, a legacy one still running
OBJECTIVES = {
    "consideration": "OUTCOME_TRAFFIC",
    "conversion": "OUTCOME_SALES",
    "awareness": "REACH",
}
# the ads of the n-th Meta campaign and the share of each campaign day they get
AD_WEIGHTS = ((0.5, 0.3, 0.2), (0.6, 0.4), (0.7, 0.3))
PURCHASE_TYPES = ("offsite_conversion.fb_pixel_purchase", "purchase", "omni_purchase")
# bad rows' ids
NO_HISTORY_AD = "23851000000999"
UNKNOWN_OBJECTIVE = "2385000000000901"
NEGATIVE_SPEND = "2385000000000902"
USD_CAMPAIGN = "2385000000000903"


def _meta_campaigns(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    campaigns = tables["campaigns"]
    return campaigns[campaigns["platform"] == DEMO_PLATFORM].reset_index(drop=True)


def _campaign_id(number: int) -> str:
    return f"23850000000{number:05d}"


def _ad_id(campaign_number: int, ad_number: int) -> str:
    return f"23851000000{campaign_number:01d}{ad_number:02d}"


def source_ids(tables: dict[str, pd.DataFrame]) -> dict[str, dict[str, str]]:
    """Demo campaign id -> Meta's campaign id (``CA05`` -> ``2385000000000001``)."""
    meta = _meta_campaigns(tables)
    return {"campaigns": {cid: _campaign_id(n + 1) for n, cid in enumerate(meta["campaign_id"])}}


def elsewhere(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The campaigns of other platforms and their ad rows (the raw files)."""
    meta = set(_meta_campaigns(tables)["campaign_id"])
    campaigns, performance = tables["campaigns"], tables["ad_performance"]
    return {
        "campaigns": campaigns[~campaigns["campaign_id"].isin(meta)],
        "ad_performance": performance[~performance["campaign_id"].isin(meta)],
    }


def _split(total: int, weights: tuple[float, ...], caps: list[int] | None = None) -> list[int]:
    """``total`` in whole parts by ``weights``, each part at most its cap;
    the parts sum to ``total`` (it must not exceed the caps' sum)."""
    limits = caps if caps is not None else [total] * len(weights)
    parts = [min(int(total * w), cap) for w, cap in zip(weights, limits, strict=True)]
    rest = total - sum(parts)
    for index, cap in enumerate(limits):
        more = min(rest, cap - parts[index])
        parts[index] += more
        rest -= more
    return parts


def _report_rows(day: pd.Series, ads: list[str], weights: tuple[float, ...]) -> list[dict]:
    impressions = _split(int(day["impressions"]), weights)
    clicks = _split(int(day["clicks"]), weights, impressions)
    reach = _split(int(day["reach"]), weights, impressions)
    cents = _split(round(float(day["cost"]) * 100), weights)
    purchases = _split(int(day["platform_conversions"]), weights)
    rows = []
    for index, ad in enumerate(ads):
        delivered = impressions[index] or clicks[index] or cents[index] or purchases[index]
        if index and not delivered:
            continue  # Meta reports no row for an ad without delivery
        rows.append(
            {
                "ad_id": ad,
                "date": day["report_date"],
                "account_id": ACCOUNT_ID,
                "impressions": str(impressions[index]),
                "inline_link_clicks": str(clicks[index]),
                "spend": f"{cents[index] / 100:.2f}",
                "reach": str(reach[index]),
                "frequency": f"{impressions[index] / reach[index]:.4f}" if reach[index] else "0",
                "purchases": purchases[index],
            }
        )
    return rows


def _actions(reports: pd.DataFrame) -> pd.DataFrame:
    """Each ad day's purchases under every overlapping type, and its link clicks."""
    frames = []
    bought = reports[reports["purchases"] > 0]
    for index, action_type in enumerate(PURCHASE_TYPES):
        frames.append(
            pd.DataFrame(
                {
                    "ad_id": bought["ad_id"],
                    "date": bought["date"],
                    "index": str(index),
                    "action_type": action_type,
                    "value": bought["purchases"].astype(str),
                    "_7_d_click": bought["purchases"].astype(str),
                    "_1_d_view": "0",
                }
            )
        )
    clicked = reports[reports["inline_link_clicks"].astype(int) > 0]
    frames.append(
        pd.DataFrame(
            {
                "ad_id": clicked["ad_id"],
                "date": clicked["date"],
                "index": str(len(PURCHASE_TYPES)),
                "action_type": "link_click",
                "value": clicked["inline_link_clicks"],
                "_7_d_click": clicked["inline_link_clicks"],
                "_1_d_view": "0",
            }
        )
    )
    return pd.concat(frames, ignore_index=True)


def landed(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The Fivetran Facebook Ads tables of the demo's Meta campaigns."""
    meta = _meta_campaigns(tables)
    performance = tables["ad_performance"]
    campaign_history, ad_history, reports = [], [], []
    for number, campaign in meta.iterrows():
        campaign_id = _campaign_id(number + 1)
        campaign_history.append(
            {
                "id": campaign_id,
                "updated_time": "2025-01-01 00:00:00",
                "account_id": ACCOUNT_ID,
                "name": campaign["campaign_name"],
                "objective": OBJECTIVES[campaign["objective"]],
                "status": "ACTIVE",
            }
        )
        weights = AD_WEIGHTS[number % len(AD_WEIGHTS)]
        ads = [_ad_id(number + 1, k + 1) for k in range(len(weights))]
        for ad in ads:
            ad_history.append(
                {
                    "id": ad,
                    "updated_time": "2024-12-20 09:00:00",
                    "account_id": ACCOUNT_ID,
                    "campaign_id": campaign_id,
                    "ad_set_id": "A" + ad,
                    "name": f"{campaign['campaign_name']} {ad[-2:]}",
                }
            )
        days = performance[performance["campaign_id"] == campaign["campaign_id"]]
        for _, day in days.iterrows():
            reports.extend(_report_rows(day, ads, weights))

    # the second campaign in two versions: a legacy objective, then ODAX
    second = campaign_history[1]
    campaign_history.append(
        {**second, "updated_time": "2024-06-01 08:00:00", "objective": "CONVERSIONS"}
    )
    # the first campaign's last ad first ran in the second campaign
    moved = dict(ad_history[len(AD_WEIGHTS[0]) - 1])
    ad_history.append(
        {**moved, "updated_time": "2024-12-01 09:00:00", "campaign_id": _campaign_id(2)}
    )
    _add_bad_rows(campaign_history, ad_history, reports)

    basic_ad = pd.DataFrame(reports)
    return {
        "account_history": pd.DataFrame(
            [
                {
                    "id": ACCOUNT_ID,
                    "_fivetran_synced": "2024-06-01 02:00:00",
                    "name": "Demo shop (old name)",
                    "currency": "EUR",
                    "timezone_name": "Europe/Amsterdam",
                },
                {
                    "id": ACCOUNT_ID,
                    "_fivetran_synced": "2025-01-01 02:00:00",
                    "name": "Demo shop",
                    "currency": "EUR",
                    "timezone_name": "Europe/Amsterdam",
                },
                {
                    "id": USD_ACCOUNT_ID,
                    "_fivetran_synced": "2025-01-01 02:00:00",
                    "name": "Demo shop US",
                    "currency": "USD",
                    "timezone_name": "America/New_York",
                },
            ]
        ),
        "campaign_history": pd.DataFrame(campaign_history),
        "ad_history": pd.DataFrame(ad_history),
        "basic_ad": basic_ad.drop(columns="purchases"),
        "basic_ad_actions": _actions(basic_ad),
    }


def _add_bad_rows(
    campaign_history: list[dict], ad_history: list[dict], reports: list[dict]
) -> None:
    """Rows staging quarantines, none of which may change a KPI: an ad
    without history, a campaign with an objective the adapter does not
    know, a day of negative spend, a USD day without a rate."""
    day = {
        "date": "2025-01-01",
        "account_id": ACCOUNT_ID,
        "impressions": "100",
        "inline_link_clicks": "2",
        "spend": "3.00",
        "reach": "80",
        "frequency": "1.2500",
        "purchases": 0,
    }
    reports.append({**day, "ad_id": NO_HISTORY_AD})
    extra = {
        UNKNOWN_OBJECTIVE: ("New objective test", "OUTCOME_SOMETHING_NEW", ACCOUNT_ID, day),
        NEGATIVE_SPEND: (
            "Spend correction",
            "OUTCOME_SALES",
            ACCOUNT_ID,
            {**day, "spend": "-5.00"},
        ),
        USD_CAMPAIGN: (
            "US launch",
            "OUTCOME_SALES",
            USD_ACCOUNT_ID,
            {**day, "date": "2025-01-20", "account_id": USD_ACCOUNT_ID},
        ),
    }
    for campaign_id, (name, objective, account, row) in extra.items():
        ad = "2385100000" + campaign_id[-4:]
        campaign_history.append(
            {
                "id": campaign_id,
                "updated_time": "2025-01-01 00:00:00",
                "account_id": account,
                "name": name,
                "objective": objective,
                "status": "ACTIVE",
            }
        )
        ad_history.append(
            {
                "id": ad,
                "updated_time": "2024-12-20 09:00:00",
                "account_id": account,
                "campaign_id": campaign_id,
                "ad_set_id": "A" + ad,
                "name": name,
            }
        )
        reports.append({**row, "ad_id": ad})


def fx_rates(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """No rates: the demo's Meta account spends in EUR, and the USD day is
    one without a rate."""
    return pd.DataFrame(columns=["rate_date", "currency", "rate_to_reporting"])
