"""The GA4 adapter's demo round trip (D85), in the README's stack.

The stack (conftest's `landed_stack` and `stack_build`, one build shared
with the other adapters' modules) has the demo's sessions, product views and
purchases as GA4's daily export files, the shop's orders from Shopify
WITHOUT their session (which the order link gives back), Google Ads (so that
GA4's Google Ads clicks and the campaigns share one id space), Meta Ads and
Klaviyo. Every KPI mart GA4 feeds equals the demo's (test_landed_stack);
here: the staged sessions, the orders' sessions, the order link's counts
and the awkward rows of the shape. The GA4-only build and the shape read
back without dbt: test_adapter_ga4.
"""

from __future__ import annotations

import duckdb
import pytest
from conftest import demo_id, query

from ecommerce_kpis.demo.generate import Config, generate
from ecommerce_kpis.demo.shapes import ga4_bigquery

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_tables() -> dict:
    return generate(Config())


def test_round_trip_sessions_are_the_demos(stack_build, demo_tables) -> None:
    """Staged sessions, demo ids mapped to GA4's: every demo session with its
    values, the smart tv a desktop and the unknown source a referral."""
    _, database = stack_build
    keys = ga4_bigquery.session_ids(demo_tables)
    # the customer is Shopify's, the campaign Google's or Meta's: the demo's ids
    staged = {
        row[0]: (row[1], demo_id(row[2]), *row[3:8], demo_id(row[8]), row[9])
        for row in query(
            database,
            "select session_id, visitor_id, customer_id,"
            " strftime(session_start_at, '%Y-%m-%d %H:%M:%S'), duration_seconds, pageviews,"
            " interactions, device_category, campaign_id, landing_page"
            " from staging.stg_web_analytics__sessions",
        )
    }
    sessions = demo_tables["sessions"]
    visitor = dict(
        query(
            database,
            "select session_id, visitor_id from staging.stg_web_analytics__sessions",
        )
    )
    demo = {
        keys[row.session_id]: (
            visitor[keys[row.session_id]],
            row.customer_id,
            row.session_start_at,
            int(row.duration_seconds),
            int(row.pageviews),
            int(row.interactions),
            row.device_category,
            row.campaign_id,
            row.landing_page,
        )
        for row in sessions.itertuples()
    }
    assert staged == demo
    # one visitor id per demo visitor
    assert len(set(visitor.values())) == sessions["visitor_id"].nunique()


def test_round_trip_orders_get_their_sessions(stack_build, demo_tables) -> None:
    """The order link: every webshop order of a demo session has that
    session again (its first purchase's, not the re-sent one's); orders the
    demo has without a session, or with one GA4 never received, have none."""
    _, database = stack_build
    keys = ga4_bigquery.session_ids(demo_tables)
    orders = demo_tables["orders"]
    expected = {
        order: keys.get(session) if isinstance(session, str) else None
        for order, session in zip(orders["order_id"], orders["session_id"], strict=True)
    }
    # Shopify's orders, ids put back; its planted orders are none of the demo's
    staged = {
        demo_id(order): session
        for order, session in query(
            database, "select order_id, session_id from staging.stg_shop__orders"
        )
        if demo_id(order) in expected
    }
    assert staged == expected


def test_the_order_link_counts_every_purchase(stack_build) -> None:
    """2,876 purchases of demo sessions link; the re-sent one, the one of no
    order and the consent-mode one are counted apart; the purchase of no
    order warns."""
    result, database = stack_build
    assert query(
        database,
        "select outcome, count(*) from adapters.ga4_bigquery__order_link group by 1 order by 1",
    ) == [
        ("linked", 2876),
        ("not linked: no session (consent mode)", 1),
        ("not linked: no such order", 1),
        ("not linked: purchase sent again (the first links)", 1),
    ]
    assert query(
        database,
        "select transaction_id from adapters.ga4_bigquery__order_link"
        " where outcome = 'not linked: no such order'",
    ) == [(ga4_bigquery.UNKNOWN_TRANSACTION,)]
    warned = [r["unique_id"] for r in result.results if r["status"] == "warn"]
    assert any("row_rules_ga4_bigquery__order_link_warned" in w for w in warned)


def test_round_trip_quarantines_and_sets_aside_the_awkward_rows(
    stack_build, landed_stack, demo_tables
) -> None:
    """The two consent-mode visits are two quarantined sessions; the
    duplicated event and the intraday file's rows are set aside; the
    sessions mapped are the demo's and the two consent-mode ones."""
    _, database = stack_build
    rejected = query(
        database,
        "select row_key, rule_broken from marts.dq_rejected_rows"
        " where source_table = 'sessions' order by 1",
    )
    assert len(rejected) == 2
    assert all(
        key.startswith("ga4:(consent mode):") and rule == "user_pseudo_id: none (consent mode)"
        for key, rule in rejected
    )
    accounted = dict(
        query(
            database,
            "select coalesce(reason, outcome), sum(landed_rows) from adapters.adapter_row_accounting"
            " where adapter = 'ga4_bigquery' and landed_table = 'events' group by 1",
        )
    )
    folder = landed_stack / "ga4_bigquery"
    intraday = duckdb.sql(
        f"select count(*) from read_parquet('{folder}/events_intraday_*.parquet')"
    ).fetchone()[0]
    assert accounted["a duplicate event (exported twice)"] == 1
    assert accounted["an events_intraday_ file (the daily table replaces it)"] == intraday
    assert accounted["mapped"] == len(demo_tables["sessions"]) + 2
