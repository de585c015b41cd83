"""The demo's Google Ads campaigns as the Fivetran Google Ads connector lands them.

``landed(tables)`` turns the contract-shaped ``campaigns`` and
``ad_performance`` rows of platform ``google_ads`` into the connector's
``campaign_stats``, ``campaign_history`` and ``account_history``
(docs/adapters/google_ads_fivetran.md), with what a real account has:

- every campaign day split into a DESKTOP and a MOBILE segment row that sum
  back to the day (impressions, clicks, cost in micros, fractional
  conversions such as 1.2 + 0.8);
- a second account in USD and time zone America/New_York holding the
  Shopping campaign (CA03): its costs are the demo's EUR costs x 1.25 in
  micros, converted back at ``USD_RATE`` through ``fx_rates``;
- a campaign history with two versions (CA01 renamed) and a removed
  campaign (CA11, its past spend kept);
- a segment row landed twice under one ``_fivetran_id`` by an older sync
  (set aside);
- bad rows: a campaign of an unknown channel type (MULTI_CHANNEL) with
  stats, stats of a campaign without history, a negative cost, and a USD
  day without a rate (quarantined by name).

Google Ads ids are numbers: the demo's CA01 is campaign 21000000001
(``source_ids``); the adapter prefixes them (``google_ads:21000000001``).
The other platforms' campaigns and their ad rows stay raw tables
(``elsewhere``). Google Ads reports no daily reach: not written.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

PLATFORM = "google_ads"
FILLS = ("campaigns", "ad_performance")
USD_RATE = "0.80000000"  # one USD in EUR: the demo's cents x 1.25 convert back exactly
ACCOUNTS = [
    # (id, currency, time zone, name)
    ("1234567890", "EUR", "Europe/Amsterdam", "Demo shop"),
    ("9876543210", "USD", "America/New_York", "Demo shop US"),
]
USD_CAMPAIGNS = {"CA03"}
CHANNEL_TYPES = {"paid_search": "SEARCH", "display": "DISPLAY"}
SHOPPING = {"CA03"}
REMOVED = {"CA11"}
SYNCED = "2026-07-01T03:00:00Z"


def campaign_id(demo_id: str) -> str:
    """The numeric Google Ads id of a demo campaign: CA01 -> 21000000001."""
    return "210000000" + demo_id[2:]


def _google(tables: dict[str, pd.DataFrame]) -> set[str]:
    campaigns = tables["campaigns"]
    return set(campaigns.loc[campaigns["platform"] == PLATFORM, "campaign_id"])


def source_ids(tables: dict[str, pd.DataFrame]) -> dict[str, dict[str, str]]:
    """Demo campaign ids -> Google Ads ids, for the sessions that point at them."""
    return {"campaigns": {demo: campaign_id(demo) for demo in sorted(_google(tables))}}


def elsewhere(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The other platforms' campaigns (Meta, TikTok, e-mail, ...) and their ad rows."""
    google = _google(tables)
    campaigns = tables["campaigns"]
    performance = tables["ad_performance"]
    return {
        "campaigns": campaigns[~campaigns["campaign_id"].isin(google)],
        "ad_performance": performance[~performance["campaign_id"].isin(google)],
    }


def _account(demo_id: str) -> str:
    return ACCOUNTS[1][0] if demo_id in USD_CAMPAIGNS else ACCOUNTS[0][0]


def _micros(cost: str, demo_id: str) -> int:
    cents = int((Decimal(cost) * 100).to_integral_value())
    # USD: the EUR cents x 1.25, i.e. 12,500 micros a cent
    return cents * (12_500 if demo_id in USD_CAMPAIGNS else 10_000)


def _stats_rows(row: dict) -> list[dict]:
    """One demo campaign day as two segment rows (DESKTOP, MOBILE) that sum back."""
    demo_id = row["campaign_id"]
    impressions, clicks = int(row["impressions"]), int(row["clicks"])
    micros = _micros(row["cost"], demo_id)
    conversions = Decimal(row["platform_conversions"])
    desktop_micros = micros * 6 // 10
    desktop = {
        "device": "DESKTOP",
        "impressions": impressions // 2,
        "clicks": clicks // 2,
        "cost_micros": desktop_micros,
        "conversions": conversions * Decimal("0.6"),
    }
    mobile = {
        "device": "MOBILE",
        "impressions": impressions - impressions // 2,
        "clicks": clicks - clicks // 2,
        "cost_micros": micros - desktop_micros,
        "conversions": conversions * Decimal("0.4"),
    }
    network = "CONTENT" if row["channel"] == "display" else "SEARCH"
    out = []
    for segment in (desktop, mobile):
        source = campaign_id(demo_id)
        out.append(
            {
                "_fivetran_id": f"{source}-{row['report_date']}-{network}-{segment['device']}",
                "_fivetran_synced": SYNCED,
                "id": source,
                "customer_id": _account(demo_id),
                "date": row["report_date"],
                "ad_network_type": network,
                "device": segment["device"],
                "impressions": str(segment["impressions"]),
                "clicks": str(segment["clicks"]),
                "cost_micros": str(segment["cost_micros"]),
                "conversions": f"{segment['conversions']:.1f}",
                "conversions_value": "0.0",
                "view_through_conversions": "0",
            }
        )
    return out


def landed(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The Fivetran Google Ads tables of the demo, keyed by the loader's table name."""
    google = _google(tables)
    campaigns = tables["campaigns"][tables["campaigns"]["campaign_id"].isin(google)]
    channel = dict(zip(campaigns["campaign_id"], campaigns["channel"], strict=True))
    performance = tables["ad_performance"]
    performance = performance[performance["campaign_id"].isin(google)]
    rows = [
        segment
        for record in performance.assign(channel=performance["campaign_id"].map(channel)).to_dict(
            "records"
        )
        for segment in _stats_rows(record)
    ]
    history = [
        {
            "id": campaign_id(c["campaign_id"]),
            "updated_at": "2025-01-01T09:00:00Z",
            "_fivetran_synced": SYNCED,
            "customer_id": _account(c["campaign_id"]),
            "name": c["campaign_name"],
            "status": "REMOVED" if c["campaign_id"] in REMOVED else "ENABLED",
            "advertising_channel_type": "SHOPPING"
            if c["campaign_id"] in SHOPPING
            else CHANNEL_TYPES[c["channel"]],
            "advertising_channel_subtype": "",
            "serving_status": "SERVING",
        }
        for c in campaigns.to_dict("records")
    ]
    _add_awkward_rows(rows, history)
    accounts = [
        {
            "id": account,
            "updated_at": "2024-12-01T09:00:00Z",
            "_fivetran_synced": SYNCED,
            "currency_code": currency,
            "time_zone": zone,
            "descriptive_name": name,
            "auto_tagging_enabled": "true",
        }
        for account, currency, zone, name in ACCOUNTS
    ]
    # an older version of the main account, before it was renamed
    accounts.append(
        {**accounts[0], "updated_at": "2024-06-01T09:00:00Z", "descriptive_name": "Shop"}
    )
    return {
        "campaign_stats": pd.DataFrame(rows),
        "campaign_history": pd.DataFrame(history),
        "account_history": pd.DataFrame(accounts),
    }


def _add_awkward_rows(rows: list[dict], history: list[dict]) -> None:
    main, usd = ACCOUNTS[0][0], ACCOUNTS[1][0]
    first = next(r for r in history if r["id"] == campaign_id("CA01"))
    # CA01's first version, named differently, replaced by the one above
    history.append(
        {**first, "name": first["name"] + " (draft)", "updated_at": "2024-12-15T09:00:00Z"}
    )
    # an app campaign: a channel type without a session channel
    history.append(
        {
            **first,
            "id": "21000000090",
            "name": "App installs",
            "advertising_channel_type": "MULTI_CHANNEL",
        }
    )
    template = {
        "_fivetran_synced": SYNCED,
        "ad_network_type": "SEARCH",
        "device": "DESKTOP",
        "impressions": "100",
        "clicks": "5",
        "cost_micros": "2500000",
        "conversions": "0.0",
        "conversions_value": "0.0",
        "view_through_conversions": "0",
    }
    bad = [
        ("X-APP", "21000000090", main, "2025-03-01", {}),
        ("X-NO-HISTORY", "21000000091", main, "2025-03-01", {}),
        ("X-NEGATIVE", campaign_id("CA02"), main, "2024-12-31", {"cost_micros": "-1500000"}),
        ("X-USD-NO-RATE", campaign_id("CA03"), usd, "2025-01-15", {}),
    ]
    for fivetran_id, source, account, date, changes in bad:
        rows.append(
            {
                **template,
                "_fivetran_id": fivetran_id,
                "id": source,
                "customer_id": account,
                "date": date,
                **changes,
            }
        )
    # a segment row landed again by an older sync, with other numbers
    repeated = dict(rows[0])
    repeated.update({"_fivetran_synced": "2026-06-01T03:00:00Z", "clicks": "0"})
    rows.append(repeated)


def fx_rates(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The USD rate of every day of the USD account's campaign (and no other)."""
    performance = tables["ad_performance"]
    days = sorted(
        set(performance.loc[performance["campaign_id"].isin(USD_CAMPAIGNS), "report_date"])
    )
    return pd.DataFrame({"rate_date": days, "currency": "USD", "rate_to_reporting": USD_RATE})
