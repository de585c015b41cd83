"""Planted faults: the data tests that guard the marts fail when their fault is there.

A reconciliation that compares sums with `!=` passes on an empty mart (the
sum of no rows is NULL, and NULL != x is not true); a test whose SQL cannot
return a row passes whatever the data. This module plants one fault per test
in a private copy of the CI build, runs `dbt test` once on the copy with only
those tests selected, and checks that each one fails, while tests that no
fault reaches still pass (so a failure is the fault's, not a broken run).
Without dbt, every reconciliation of tests/marts/ is also run as compiled by
the CI build with each mart it reads emptied in turn.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import DbtRun, copy_database, run_dbt

PROJECT = "ecommerce_kpis"

# test name -> (the fault, the SQL that plants it in the CI build's copy)
FAULTS = {
    "assert_conversion_orders_reconcile": (
        "an empty mart",
        "delete from marts.kpi_conversion_rate",
    ),
    "assert_fulfilment_cost_reconciles": (
        "an empty mart compared with a sum of two totals",
        "delete from marts.kpi_fulfilment_cost_per_order",
    ),
    "assert_customer_day_marts_reconcile": (
        "an empty upsell mart (once only checked to be <= the cross-sell customers)",
        "delete from marts.kpi_upsell_ratio",
    ),
    "assert_session_marts_reconcile": (
        "one row missing from a mart",
        "delete from marts.kpi_bounce_rate where rowid = "
        "(select min(rowid) from marts.kpi_bounce_rate where sessions > 0)",
    ),
    "raw_rows_loaded_base_web_analytics__sessions_sessions": (
        "a raw row that is not in its incremental base model",
        "delete from staging.base_web_analytics__sessions where session_id = "
        "(select min(session_id) from staging.base_web_analytics__sessions)",
    ),
    # a model's row rules, one scan per model (D115): each kind planted in
    # a mart of its own, so that the failing rows of each test are known
    # exactly (ROW_RULE_FAULTS below)
    "row_rules_kpi_churn_rate": (
        "a NULL in one listed column of one row (not the first column: one scan checks them all)",
        "update marts.kpi_churn_rate set churned_customers = null where rowid = "
        "(select min(rowid) from marts.kpi_churn_rate where customers_at_start > 0)",
    ),
    "row_rules_kpi_cross_sell_ratio": (
        "an expression that is NULL on one row (dbt_utils' expression_is_true lets it pass)",
        "update marts.kpi_cross_sell_ratio set recommendation_customers = null where rowid = "
        "(select min(rowid) from marts.kpi_cross_sell_ratio)",
    ),
    "row_rules_kpi_net_promoter_score": (
        "an expression false on one row, every column still filled",
        "update marts.kpi_net_promoter_score set passives = passives + 1 where rowid = "
        "(select min(rowid) from marts.kpi_net_promoter_score)",
    ),
    "row_rules_kpi_average_order_value": (
        "a sales channel outside the accepted values",
        "update marts.kpi_average_order_value set sales_channel = 'phone' where rowid = "
        "(select min(rowid) from marts.kpi_average_order_value)",
    ),
    "row_rules_customer_value_segments": (
        "a negative number of days since the last order (range: at least 0)",
        "update marts.customer_value_segments set days_since_last_order = -1 where rowid = "
        "(select min(rowid) from marts.customer_value_segments where days_since_last_order is not null)",
    ),
    "row_rules_kpi_bounce_rate": (
        "a ratio 0.01 off numerator / denominator, still within 0..1",
        "update marts.kpi_bounce_rate set bounce_rate = bounce_rate + 0.01 where rowid = "
        "(select min(rowid) from marts.kpi_bounce_rate where bounce_rate between 0 and 0.9)",
    ),
    "row_rules_kpi_visitors_per_day": (
        "a webshop day without visitors; a store day without them is allowed (expression with where)",
        "update marts.kpi_visitors_per_day set visitors = null where rowid in ("
        "(select min(rowid) from marts.kpi_visitors_per_day where location = 'webshop'), "
        "(select min(rowid) from marts.kpi_visitors_per_day where location != 'webshop'))",
    ),
    # the spec's rules, one scan per staging model: a range, a row rule, a
    # format and an accepted value, each planted in a sound row of a base
    # table (after the delete above, so that it is not the deleted row)
    "conforms_to_raw_spec_stg_web_analytics__sessions": (
        "a sound session with 0 pageviews (the spec's range: at least 1)",
        "update staging.base_web_analytics__sessions set pageviews = 0 where rowid = "
        "(select min(rowid) from staging.base_web_analytics__sessions where dq_rule is null)",
    ),
    "conforms_to_raw_spec_stg_shop__orders": (
        "a sound webshop order with a store (a row rule of the spec)",
        "update staging.base_shop__orders set store_id = 'S01' where rowid = "
        "(select min(rowid) from staging.base_shop__orders "
        "where dq_rule is null and sales_channel = 'webshop')",
    ),
    "conforms_to_raw_spec_stg_shop__customers": (
        "a sound customer whose country code is lower case (the spec's format [A-Z]{2})",
        "update staging.base_shop__customers set country_code = 'nl' where rowid = "
        "(select min(rowid) from staging.base_shop__customers "
        "where dq_rule is null and country_code is not null)",
    ),
    "conforms_to_raw_spec_stg_warehouse__shipments": (
        "a sound shipment of a shift the spec does not accept",
        "update staging.base_warehouse__shipments set shift = 'noon' where rowid = "
        "(select min(rowid) from staging.base_warehouse__shipments where dq_rule is null)",
    ),
}
# tests that read none of the faulted tables: they must still pass
CONTROLS = [
    "row_rules_kpi_return_rate",
    "assert_transactions_reconcile",
    "assert_shipments_reconcile",
    "raw_rows_loaded_base_shop__orders_orders",
    "conforms_to_raw_spec_stg_shop__products",
]


def _statuses(run: DbtRun) -> dict[str, str]:
    """Test name -> status; a generic test's unique id ends in a hash, so
    the name is its third part, not its last. The project's on-run-start
    hook (D113) is an operation, not a test."""
    return {
        result["unique_id"].split(".")[2]: result["status"]
        for result in run.results
        if result["unique_id"].startswith("test.")
    }


def _failing_rows(planted_folder: Path, ci_database: Path, test_name: str) -> list[tuple]:
    """The rows a test returns on the planted copy, run as dbt compiled it."""
    compiled = next((planted_folder / "target" / "compiled").rglob(f"{test_name}.sql"))
    con = duckdb.connect(str(planted_folder / ci_database.name), read_only=True)
    try:
        return con.execute(compiled.read_text()).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def planted_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("planted_faults")


@pytest.fixture(scope="module")
def planted(ci_database: Path, planted_folder: Path) -> dict[str, str]:
    folder = planted_folder
    copy = copy_database(ci_database, folder)
    con = duckdb.connect(str(copy))
    try:
        for _, statement in FAULTS.values():
            con.execute(statement)
    finally:
        con.close()
    run = run_dbt(
        ["test", "--target", "ci", "--select", *FAULTS, *CONTROLS],
        env={"KPI_CI_DUCKDB_PATH": str(copy)},
        target_path=folder / "target",
    )
    statuses = _statuses(run)
    assert len(statuses) == len(FAULTS) + len(CONTROLS), run.output[-3000:]
    return statuses


@pytest.mark.parametrize("test_name", sorted(FAULTS))
def test_the_planted_fault_fails_its_test(planted: dict[str, str], test_name: str) -> None:
    fault = FAULTS[test_name][0]
    assert planted[test_name] == "fail", f"{test_name} did not fail on {fault}"


def test_the_spec_test_names_each_broken_rule_with_its_rows(
    planted: dict[str, str], planted_folder: Path, ci_database: Path
) -> None:
    """The planted session breaks one rule, pageviews' range, once: the
    failing rows name that rule with 1 row and no other rule (its NULL
    check on the same column included)."""
    rows = _failing_rows(
        planted_folder, ci_database, "conforms_to_raw_spec_stg_web_analytics__sessions"
    )
    assert rows == [("pageviews: below its range", 1)]


# row_rules test -> its failing rows (rule_kind, rule_subject, broken_rows):
# every rule the planted row breaks, and no other
ROW_RULE_FAULTS = {
    "row_rules_kpi_churn_rate": [
        ("not_null", "churned_customers", 1),
        ("ratio", "churn_rate", 1),
    ],
    "row_rules_kpi_cross_sell_ratio": [
        ("not_null", "recommendation_customers", 1),
        ("expression", "recommendation_customers <= customers", 1),
    ],
    "row_rules_kpi_net_promoter_score": [
        ("expression", "promoters + passives + detractors = responses", 1),
    ],
    "row_rules_kpi_average_order_value": [("accepted_values", "sales_channel", 1)],
    "row_rules_customer_value_segments": [("range", "days_since_last_order", 1)],
    "row_rules_kpi_bounce_rate": [("ratio", "bounce_rate", 1)],
    "row_rules_kpi_visitors_per_day": [("expression", "visitors is not null", 1)],
}


@pytest.mark.parametrize("test_name", sorted(ROW_RULE_FAULTS))
def test_row_rules_name_each_broken_rule_with_its_rows(
    planted: dict[str, str], planted_folder: Path, ci_database: Path, test_name: str
) -> None:
    rows = _failing_rows(planted_folder, ci_database, test_name)
    assert sorted(rows) == sorted(ROW_RULE_FAULTS[test_name])


def test_tests_without_a_fault_still_pass(planted: dict[str, str]) -> None:
    assert {name: planted[name] for name in CONTROLS} == dict.fromkeys(CONTROLS, "pass")


def test_every_reconciliation_fails_on_each_empty_mart_it_reads(ci_build, tmp_path: Path) -> None:
    """Each reconciliation, as the CI build compiled it, returns no row on the
    sound build and a row when any one of the marts it reads is empty."""
    manifest = ci_build.manifest
    nodes = manifest["nodes"]
    reconciliations = {
        node["name"]: node
        for node in nodes.values()
        if node["resource_type"] == "test" and node["original_file_path"].startswith("tests/marts/")
    }
    assert len(reconciliations) >= 11
    con = duckdb.connect(str(copy_database(ci_build.database, tmp_path)))
    passing_on_empty = []
    try:
        for name, node in sorted(reconciliations.items()):
            compiled = ci_build.target_path / "compiled" / PROJECT / node["original_file_path"]
            count = f"select count(*) from (\n{compiled.read_text()}\n) as checked"
            assert con.execute(count).fetchone()[0] == 0, f"{name} fails on the sound build"
            marts = [
                nodes[parent]
                for parent in node["depends_on"]["nodes"]
                if nodes[parent]["original_file_path"].startswith("models/marts/")
            ]
            assert marts, f"{name} reads no mart"
            for mart in marts:
                con.execute("begin")
                con.execute(f"delete from {mart['relation_name']}")
                if con.execute(count).fetchone()[0] == 0:
                    passing_on_empty.append(f"{name} with {mart['name']} empty")
                con.execute("rollback")
    finally:
        con.close()
    assert passing_on_empty == []
