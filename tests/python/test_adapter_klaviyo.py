"""The Klaviyo adapter (D83): the demo's e-mail as Fivetran's Klaviyo connector lands it.

The README's stack (conftest's `landed_stack` and `stack_build`, one build
shared with the other adapters' modules) holds the demo's e-mail in the
Fivetran Klaviyo shape (campaign, flow, event, metric, person, with a flow,
an SMS campaign, other metrics' events, older syncs, deletions and bad
rows), the profiles carrying Shopify's customer ids. It is compared with the
build of the demo in the contract's shape: the round trip. docs/adapters/klaviyo_fivetran.md has the same table.
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
from ecommerce_kpis.sql_names import sql_ident

pytestmark = pytest.mark.slow

FLOW = "klaviyo:flow:WLC001"


@pytest.fixture(scope="module")
def demo() -> dict:
    return generate(Config())


def test_the_landed_email_build_is_green(stack_build) -> None:
    result, _ = stack_build
    failed = [r["unique_id"] for r in result.results if r["status"] in ("error", "fail")]
    assert result.success, failed or result.output[-3000:]


def test_round_trip_gives_the_demo_marts(stack_build, seed_marts) -> None:
    """kpi_email_engagement: the demo's rows, ids mapped back, plus the flow's
    one row worked by hand: on 10 February 2025 two profiles received the
    welcome e-mail and one opened it (open rate 1/2, no click). The ad
    platforms' marts, which read campaigns too, are compared by their
    adapters' modules."""
    _, database = stack_build
    landed_marts = kpi_marts(database)
    assert landed_marts, "no mart built"
    email = landed_marts["kpi_email_engagement"]
    flow = [r for r in email if r[1] == FLOW]
    assert [(str(r[0]), *r[1:]) for r in flow] == [
        ("2025-02-10", FLOW, 2, 1, 0, 0.5, 0.0, 0.0, "Welcome series", "klaviyo")
    ]
    rest = [r for r in email if r[1] != FLOW]
    assert demo_ids(rest) == demo_ids(seed_marts["kpi_email_engagement"])


def test_dim_campaign_has_the_email_campaigns_and_the_flow(stack_build, ci_database: Path) -> None:
    """The six e-mail campaigns as the demo has them, except the objective:
    every Klaviyo campaign is `conversion` (D83); the flow is `consideration`."""
    _, database = stack_build
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


def test_events_keep_their_recipient_and_customer(stack_build, ci_database: Path) -> None:
    """Every demo event staged with its profile (`klaviyo:` + the demo's
    recipient) and the customer from the profile's external_id."""
    _, database = stack_build
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


def test_every_landed_row_is_accounted_for(stack_build, landed_stack: Path, demo: dict) -> None:
    """Per landed table: the accounting's rows = the rows in the loader's file;
    each set-aside row of the shape under its reason."""
    _, database = stack_build
    accounted = query(
        database,
        "select landed_table, outcome, reason, landed_rows from adapters.adapter_row_accounting "
        "where adapter = 'klaviyo_fivetran' order by 1, 2, 3",
    )
    files = {
        path.stem: duckdb.sql(f"select count(*) from read_csv('{path}')").fetchone()[0]
        for path in (landed_stack / "klaviyo_fivetran").glob("*.csv")
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


def test_landed_bad_rows_are_quarantined_by_name(stack_build) -> None:
    _, database = stack_build
    assert query(
        database,
        # the stack's other adapters' bad rows are theirs to check
        "select source_table, row_key, rule_broken from marts.dq_rejected_rows "
        "where row_key like 'klaviyo:%' order by 1, 2",
    ) == [
        ("email_events", "klaviyo:X-BAD-TIME", "event_at: not a valid timestamp"),
        ("email_events", "klaviyo:X-UNKNOWN-METRIC", "metric_id: no landed metric Zz9Zz9"),
    ]


def test_no_email_address_reaches_a_table(stack_build, landed_stack: Path) -> None:
    """The profiles' addresses are in the landed file and in no table or
    view of the build (the accounting counts profiles, never shows them)."""
    _, database = stack_build
    person = landed_stack / "klaviyo_fivetran" / "person.csv"
    assert duckdb.sql(
        f"select count(*) from read_csv('{person}') where email like '%@%'"
    ).fetchone()[0]
    assert _columns_holding(database) == []


# the demo's profile addresses (person.csv), and the text every one contains
ADDRESS = r"(subscriber\.p[0-9]+|gone)@example\.com"
DOMAIN = "@example.com"


def _columns_holding(database: Path) -> list[tuple[str, str, str]]:
    """(schema, table, column) of every text column of a table or view in
    `database` with a value matching ADDRESS. One scan per table, a count
    per column: a view (an adapter's reading of its landed files) runs once,
    not once per column."""
    holding = []
    with duckdb.connect(str(database), read_only=True) as con:
        tables: dict[tuple[str, str], list[str]] = {}
        for schema, table, column in con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where data_type = 'VARCHAR' order by all"
        ).fetchall():
            tables.setdefault((schema, table), []).append(column)
        for (schema, table), columns in tables.items():
            counts = con.execute(
                "select "
                + ", ".join(
                    # contains() first: a cheap filter that every match passes
                    f"count(*) filter (where contains({sql_ident(c)}, $domain)"
                    f" and regexp_matches({sql_ident(c)}, $address))"
                    for c in columns
                )
                + f" from {sql_ident(schema)}.{sql_ident(table)}",
                {"domain": DOMAIN, "address": ADDRESS},
            ).fetchone()
            holding += [(schema, table, c) for c, n in zip(columns, counts, strict=True) if n]
    return holding


def test_the_address_scan_finds_an_address_in_any_column(tmp_path: Path) -> None:
    """The scan above, on a database with an address planted in the second
    text column of a table and in a view's column; other values and
    other columns pass (the domain alone, an address of another domain)."""
    database = tmp_path / "planted.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.t as select * from (values"
            " (1, 'a', 'x@example.com'), (2, 'subscriber.p1@example.net', 'b'),"
            " (3, 'c', 'see subscriber.p12@example.com')) as v(n, first, second)"
        )
        # a quote in a column's name is quoted, not a syntax error
        con.execute("""create view main.v as select 'gone@example.com' as "wh""o", 7 as n""")
    assert _columns_holding(database) == [("main", "v", 'wh"o'), ("marts", "t", "second")]


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
