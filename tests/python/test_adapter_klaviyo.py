"""The Klaviyo adapter (D83): the demo's e-mail as Fivetran's Klaviyo connector lands it.

One selected build reads the demo written in the Fivetran Klaviyo shape
(`ecommerce-kpis generate --shape klaviyo_fivetran`: campaign, flow, event,
metric, person, with a flow, an SMS campaign, other metrics' events, older
syncs, deletions and bad rows) with the other raw tables from var
raw_data_path. It is compared with the build of the demo in the contract's
shape: the round trip. docs/adapters/klaviyo_fivetran.md has the same table.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import (
    demo_ids,
    kpi_marts,
    query,
    refused_vars,
)

from ecommerce_kpis.demo.generate import Config, generate

pytestmark = pytest.mark.slow

FLOW = "klaviyo:flow:WLC001"


@pytest.fixture(scope="module")
def demo() -> dict:
    return generate(Config())


@pytest.fixture(scope="module")
def landed(landed_stack: Path) -> Path:
    """The demo as a shop's whole stack in loaders' shapes, Klaviyo among
    them (conftest's `landed_stack`, `ecommerce-kpis generate --shape stack`)."""
    return landed_stack


@pytest.fixture(scope="module")
def build(stack_build):
    """The stack's one build and its database, shared with the other
    adapters' modules (conftest's SHARED_BUILDS)."""
    return stack_build


def test_the_landed_email_build_is_green(build) -> None:
    result, _ = build
    failed = [r["unique_id"] for r in result.results if r["status"] in ("error", "fail")]
    assert result.success, failed or result.output[-3000:]


def test_round_trip_gives_the_demo_marts(build, seed_marts) -> None:
    """kpi_email_engagement: the demo's rows, ids mapped back, plus the flow's
    one row worked by hand: on 10 February 2025 two profiles received the
    welcome e-mail and one opened it (open rate 1/2, no click). The ad
    platforms' marts, which read campaigns too, are compared by their
    adapters' modules."""
    _, database = build
    landed_marts = kpi_marts(database)
    assert landed_marts, "no mart built"
    email = landed_marts["kpi_email_engagement"]
    flow = [r for r in email if r[1] == FLOW]
    assert [(str(r[0]), *r[1:]) for r in flow] == [
        ("2025-02-10", FLOW, 2, 1, 0, 0.5, 0.0, 0.0, "Welcome series", "klaviyo")
    ]
    rest = [r for r in email if r[1] != FLOW]
    assert demo_ids(rest) == demo_ids(seed_marts["kpi_email_engagement"])


def test_dim_campaign_has_the_email_campaigns_and_the_flow(build, ci_database: Path) -> None:
    """The six e-mail campaigns as the demo has them, except the objective:
    every Klaviyo campaign is `conversion` (D83); the flow is `consideration`."""
    _, database = build
    columns = "campaign_id, campaign_name, platform, channel, objective"
    landed_rows = demo_ids(
        query(database, f"select {columns} from marts.dim_campaign where platform = 'klaviyo'")
    )
    demo_rows = demo_ids(
        query(ci_database, f"select {columns} from marts.dim_campaign where platform = 'klaviyo'")
    )
    assert [r for r in landed_rows if r[0] == FLOW] == [
        (FLOW, "Welcome series", "klaviyo", "email", "consideration")
    ]
    assert [r for r in landed_rows if r[0] != FLOW] == sorted(
        ((*r[:4], "conversion") for r in demo_rows), key=repr
    )


def test_events_keep_their_recipient_and_customer(build, ci_database: Path) -> None:
    """Every demo event staged with its profile (`klaviyo:` + the demo's
    recipient) and the customer from the profile's external_id."""
    _, database = build
    landed_rows = query(
        database,
        "select replace(event_id, 'klaviyo:', ''), recipient_id, customer_id "
        "from staging.stg_marketing__email_events where event_id like 'klaviyo:EE%'",
    )
    demo_rows = query(
        ci_database,
        "select event_id, 'klaviyo:' || recipient_id, customer_id "
        "from staging.stg_marketing__email_events",
    )
    assert len(demo_rows) > 7000
    # the profiles' external_id is the Shopify customer (option customer_ids)
    assert demo_ids(landed_rows) == sorted(demo_rows, key=repr)


def test_every_landed_row_is_accounted_for(build, landed: Path, demo: dict) -> None:
    """Per landed table: the accounting's rows = the rows in the loader's file;
    each set-aside row of the shape under its reason."""
    _, database = build
    accounted = query(
        database,
        "select landed_table, outcome, reason, landed_rows from adapters.adapter_row_accounting "
        "where adapter = 'klaviyo_fivetran' order by 1, 2, 3",
    )
    files = {
        path.stem: duckdb.sql(f"select count(*) from read_csv('{path}')").fetchone()[0]
        for path in (landed / "klaviyo_fivetran").glob("*.csv")
    }
    totals: dict[str, int] = {}
    for table, _, _, rows in accounted:
        totals[table] = totals.get(table, 0) + rows
    assert totals == files
    events = len(demo["email_events"])
    recipients = demo["email_events"]["recipient_id"].nunique()
    deleted = "deleted in Klaviyo (_fivetran_deleted)"
    assert accounted == [
        ("campaign", "mapped", None, 6),
        ("campaign", "set_aside", "a sms campaign (not e-mail)", 1),
        # the demo's, the flow's three, the two quarantined by name
        ("event", "mapped", None, events + 3 + 2),
        ("event", "set_aside", "a repeated event id (an older sync of the row)", 1),
        ("event", "set_aside", deleted, 1),
        ("event", "set_aside", "neither a campaign nor a flow", 1),
        ("event", "set_aside", "not an e-mail event: Placed Order", 5),
        ("event", "set_aside", "not an e-mail event: Received SMS", 3),
        ("event", "set_aside", f"profile set aside: {deleted}", 1),
        ("flow", "mapped", None, 1),
        ("metric", "merged", None, 5),
        ("metric", "set_aside", "not an e-mail metric", 2),
        ("person", "merged", None, recipients),
        ("person", "set_aside", "a repeated id (an older sync of the row)", 1),
        ("person", "set_aside", deleted, 1),
    ]


def test_landed_bad_rows_are_quarantined_by_name(build) -> None:
    _, database = build
    assert query(
        database,
        # the stack's other adapters' bad rows are theirs to check
        "select source_table, row_key, rule_broken from marts.dq_rejected_rows "
        "where row_key like 'klaviyo:%' order by 1, 2",
    ) == [
        ("email_events", "klaviyo:X-BAD-TIME", "event_at: not a valid timestamp"),
        ("email_events", "klaviyo:X-UNKNOWN-METRIC", "metric_id: no landed metric Zz9Zz9"),
    ]


def test_no_email_address_reaches_a_table(build, landed: Path) -> None:
    """The profiles' addresses are in the landed file and in no table or
    view of the build (the accounting counts profiles, never shows them)."""
    _, database = build
    person = landed / "klaviyo_fivetran" / "person.csv"
    assert duckdb.sql(
        f"select count(*) from read_csv('{person}') where email like '%@%'"
    ).fetchone()[0]
    with duckdb.connect(str(database), read_only=True) as con:
        columns = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where data_type = 'VARCHAR'"
        ).fetchall()
        holding = [
            (schema, table, column)
            for schema, table, column in columns
            if con.execute(
                f'select count(*) from "{schema}"."{table}" '
                f"where regexp_matches(\"{column}\", '(subscriber\\.p[0-9]+|gone)@example\\.com')"
            ).fetchone()[0]
        ]
    assert holding == []


def test_adapter_vars_are_checked() -> None:
    variables = {
        "source_adapters": {
            "klaviyo_fivetran": {"path": "/x", "customer_ids": "mailchimp:external_id"}
        }
    }
    assert (
        "klaviyo_fivetran: option customer_ids must be empty (no customer link), external_id, "
        "or <platform>:external_id"
    ) in refused_vars(variables, "klaviyo_fivetran__person_context")
