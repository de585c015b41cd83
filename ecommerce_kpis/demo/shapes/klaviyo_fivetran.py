"""The demo's e-mail campaigns as the Fivetran Klaviyo connector lands them.

``landed(tables)`` turns the contract-shaped e-mail campaigns (platform
``klaviyo``) and ``email_events`` into the connector's ``campaign``,
``flow``, ``event``, ``metric`` and ``person`` tables
(docs/adapters/klaviyo_fivetran.md), with what a real account has:

- the five e-mail metrics, plus Placed Order (the shop's integration) and
  Received SMS, whose events are set aside;
- a profile per recipient with an e-mail address (never mapped) and, for
  the subscribers linked to a customer, the customer id as ``external_id``;
- one flow (a welcome series) with three events of its own: two
  deliveries, one open (``FLOW_EVENTS``);
- an SMS campaign with its Received SMS events (set aside);
- events whose ``datetime`` is empty (an older sync: ``timestamp`` only);
- an event deleted in Klaviyo, an event id landed twice (an older sync),
  an open of neither a campaign nor a flow, and a profile deleted in
  Klaviyo with a delivery (all set aside);
- bad rows: an event of a metric never landed and one whose time is no
  time (quarantined by name).

Klaviyo's campaign ids are strings: the demo's EM01 is ``01JKLAVIYOEM01``
(``source_ids``); the adapter prefixes them (``klaviyo:01JKLAVIYOEM01``).
The other platforms' campaigns stay raw tables (``elsewhere``).
"""

from __future__ import annotations

import pandas as pd

PLATFORM = "klaviyo"
FILLS = ("campaigns", "email_events")
SYNCED = "2026-07-01T03:00:00Z"
METRICS = {
    # event_type -> (metric id, name)
    "delivered": ("RcvEml", "Received Email"),
    "opened": ("OpnEml", "Opened Email"),
    "clicked": ("ClkEml", "Clicked Email"),
    "bounced": ("BncEml", "Bounced Email"),
    "unsubscribed": ("UnsEml", "Unsubscribed from Email Marketing"),
}
OTHER_METRICS = (("PlcOrd", "Placed Order", "Shopify"), ("RcvSms", "Received SMS", "Klaviyo"))
FLOW_ID = "WLC001"
# the flow's events: (event id, person, metric, UTC time)
FLOW_EVENTS = (
    ("FL0000001", "P000001", "RcvEml", "2025-02-10T10:00:00Z"),
    ("FL0000002", "P000002", "RcvEml", "2025-02-10T10:00:05Z"),
    ("FL0000003", "P000001", "OpnEml", "2025-02-10T12:30:00Z"),
)


def campaign_id(demo_id: str) -> str:
    """Klaviyo's id of a demo e-mail campaign: EM01 -> 01JKLAVIYOEM01."""
    return "01JKLAVIYO" + demo_id


def _klaviyo(tables: dict[str, pd.DataFrame]) -> set[str]:
    campaigns = tables["campaigns"]
    return set(campaigns.loc[campaigns["platform"] == PLATFORM, "campaign_id"])


def source_ids(tables: dict[str, pd.DataFrame]) -> dict[str, dict[str, str]]:
    """Demo campaign ids -> Klaviyo ids."""
    return {"campaigns": {demo: campaign_id(demo) for demo in sorted(_klaviyo(tables))}}


def elsewhere(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The other platforms' campaigns (ads): raw tables with their own ids."""
    campaigns = tables["campaigns"]
    return {"campaigns": campaigns[~campaigns["campaign_id"].isin(_klaviyo(tables))]}


def _iso(value: object) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%dT%H:%M:%SZ")


def _event(event_id: str, metric: str, person: str, when: str, **changes: str) -> dict:
    return {
        "id": event_id,
        "metric_id": metric,
        "person_id": person,
        "campaign_id": "",
        "flow_id": "",
        "flow_message_id": "",
        "datetime": when,
        "timestamp": when,
        "uuid": "",
        "type": "",
        "_fivetran_deleted": "false",
        "_fivetran_synced": SYNCED,
        **changes,
    }


def landed(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The Fivetran Klaviyo tables of the demo, keyed by the loader's table name."""
    klaviyo = _klaviyo(tables)
    campaigns = tables["campaigns"][tables["campaigns"]["campaign_id"].isin(klaviyo)]
    campaign_rows = [
        {
            "id": campaign_id(c["campaign_id"]),
            "name": c["campaign_name"],
            "campaign_type": "email",
            "status": "Sent",
            "archived": "false",
            "send_time": "",
            "updated": "2026-05-01T09:00:00Z",
            "_fivetran_deleted": "false",
            "_fivetran_synced": SYNCED,
        }
        for c in campaigns.to_dict("records")
    ]
    campaign_rows.append(
        {
            **campaign_rows[0],
            "id": "01JKLAVIYOSMS1",
            "name": "Flash sale SMS",
            "campaign_type": "sms",
        }
    )
    flows = [
        {
            "id": FLOW_ID,
            "name": "Welcome series",
            "status": "live",
            "trigger_type": "Added to List",
            "archived": "false",
            "updated": "2025-01-01T09:00:00Z",
            "_fivetran_deleted": "false",
            "_fivetran_synced": SYNCED,
        }
    ]
    emails = tables["email_events"]
    events = []
    for i, e in enumerate(emails.to_dict("records")):
        when = _iso(e["event_at"])
        events.append(
            _event(
                e["event_id"],
                METRICS[e["event_type"]][0],
                e["recipient_id"],
                # every tenth row from an older sync: `timestamp` only
                "" if i % 10 == 9 else when,
                timestamp=when,
                campaign_id=campaign_id(e["campaign_id"]),
            )
        )
    for event_id, person, metric, when in FLOW_EVENTS:
        events.append(_event(event_id, metric, person, when, flow_id=FLOW_ID))
    _add_set_aside_and_bad_events(events)
    customer = dict(zip(emails["recipient_id"], emails["customer_id"], strict=False))
    persons = [
        {
            "id": person,
            "email": f"subscriber.{person.lower()}@example.com",
            "external_id": "" if pd.isna(customer[person]) else customer[person],
            "_fivetran_deleted": "false",
            "_fivetran_synced": SYNCED,
        }
        for person in sorted(customer)
    ]
    # an older sync of the first profile, and a profile deleted in Klaviyo
    persons.append({**persons[0], "_fivetran_synced": "2026-06-01T03:00:00Z", "external_id": ""})
    persons.append(
        {
            "id": "P999999",
            "email": "gone@example.com",
            "external_id": "",
            "_fivetran_deleted": "true",
            "_fivetran_synced": SYNCED,
        }
    )
    metrics = [
        {
            "id": metric,
            "name": name,
            "integration_name": "Klaviyo",
            "_fivetran_deleted": "false",
            "_fivetran_synced": SYNCED,
        }
        for metric, name in METRICS.values()
    ] + [
        {
            "id": metric,
            "name": name,
            "integration_name": integration,
            "_fivetran_deleted": "false",
            "_fivetran_synced": SYNCED,
        }
        for metric, name, integration in OTHER_METRICS
    ]
    return {
        "campaign": pd.DataFrame(campaign_rows),
        "flow": pd.DataFrame(flows),
        "event": pd.DataFrame(events),
        "metric": pd.DataFrame(metrics),
        "person": pd.DataFrame(persons),
    }


def _add_set_aside_and_bad_events(events: list[dict]) -> None:
    em04, em02 = campaign_id("EM04"), campaign_id("EM02")
    at = "2025-11-28T10:00:00Z"
    # orders the shop's integration attributes to EM04: not e-mail events
    for n in range(1, 6):
        events.append(_event(f"X-ORDER-{n}", "PlcOrd", "P000003", at, campaign_id=em04))
    # the SMS campaign's deliveries
    for n in range(1, 4):
        events.append(_event(f"X-SMS-{n}", "RcvSms", "P000004", at, campaign_id="01JKLAVIYOSMS1"))
    events.append(
        _event("X-DELETED", "OpnEml", "P000005", at, campaign_id=em04, _fivetran_deleted="true")
    )
    events.append(_event("X-NO-CAMPAIGN", "OpnEml", "P000005", at))
    events.append(_event("X-GONE", "RcvEml", "P999999", at, campaign_id=em04))
    # bad rows: a metric never landed, a time that is no time
    events.append(_event("X-UNKNOWN-METRIC", "Zz9Zz9", "P000006", at, campaign_id=em04))
    events.append(
        _event("X-BAD-TIME", "OpnEml", "P000006", "yesterday", timestamp="", campaign_id=em02)
    )
    # the first event again, from an older sync with another time
    events.append({**events[0], "_fivetran_synced": "2026-06-01T03:00:00Z", "datetime": at})


def fx_rates(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """E-mail has no amounts: the demo's rates as they are."""
    return tables["fx_rates"]
