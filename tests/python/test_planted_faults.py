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
    "expression_holds_kpi_net_promoter_score_promoters_passives_detractors_responses": (
        "an expression that is NULL on one row (dbt_utils' expression_is_true lets it pass)",
        "update marts.kpi_net_promoter_score set passives = null where rowid = "
        "(select min(rowid) from marts.kpi_net_promoter_score)",
    ),
    "not_null_columns_kpi_churn_rate": (
        "a NULL in one listed column of one row (not the first column: one scan checks them all)",
        "update marts.kpi_churn_rate set churned_customers = null where rowid = "
        "(select min(rowid) from marts.kpi_churn_rate)",
    ),
}
# tests that read none of the faulted tables: they must still pass
CONTROLS = [
    "not_null_columns_kpi_return_rate",
    "assert_transactions_reconcile",
    "assert_shipments_reconcile",
    "raw_rows_loaded_base_shop__orders_orders",
]


def _statuses(run: DbtRun) -> dict[str, str]:
    """Test name -> status; a generic test's unique id ends in a hash, so
    the name is its third part, not its last."""
    return {result["unique_id"].split(".")[2]: result["status"] for result in run.results}


@pytest.fixture(scope="module")
def planted(ci_database: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("planted_faults")
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
