"""The built dbt project: nothing lost in staging, no PII, every column documented."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import copy_database, refused_vars, run_dbt

from ecommerce_kpis.schema import RAW_TABLES

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")

PROJECT = "ecommerce_kpis"


def _reconciled_tables(manifest: dict) -> list[tuple[str, str]]:
    """(raw table, unique id of the model) of every quarantine_reconciles test
    in dbt's parsed manifest: the model that owns the raw table's rows."""
    return [
        (node["test_metadata"]["kwargs"]["source_table"], node["attached_node"])
        for node in manifest["nodes"].values()
        if node["resource_type"] == "test"
        and (node.get("test_metadata") or {}).get("name") == "quarantine_reconciles"
    ]


def _ancestors(manifest: dict, unique_id: str) -> set[str]:
    seen: set[str] = set()
    todo = [unique_id]
    while todo:
        for parent in manifest["parent_map"].get(todo.pop(), []):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


@pytest.fixture(scope="module")
def staging(ci_build) -> dict[str, str]:
    """Raw table -> its staging model, as dbt parsed the project."""
    return {
        table: unique_id.split(".")[-1]
        for table, unique_id in _reconciled_tables(ci_build.manifest)
    }


def test_one_staging_model_per_raw_table(ci_build) -> None:
    """In dbt's manifest: every raw table of the schema is a seed under
    seeds/raw, owned by exactly one staging model (the one reconciling it with
    the quarantine) whose lineage reaches that seed, and every staging model
    owns one raw table."""
    manifest = ci_build.manifest
    pairs = _reconciled_tables(manifest)
    assert sorted(table for table, _ in pairs) == sorted(RAW_TABLES)
    seeds = sorted(
        node["name"].removeprefix("raw_")
        for node in manifest["nodes"].values()
        if node["resource_type"] == "seed" and node["original_file_path"].startswith("seeds/raw/")
    )
    assert seeds == sorted(RAW_TABLES)
    staging_models = sorted(
        unique_id
        for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] == "model"
        and node["original_file_path"].startswith("models/staging/")
        and node["name"].startswith("stg_")
    )
    assert sorted(unique_id for _, unique_id in pairs) == staging_models
    for table, unique_id in pairs:
        assert f"seed.{PROJECT}.raw_{table}" in _ancestors(manifest, unique_id), (table, unique_id)


# the demo shop sells in the reporting currency: it has no exchange rates
EMPTY_IN_THE_DEMO = {"fx_rates"}


@pytest.mark.parametrize("table", sorted(RAW_TABLES))
def test_staging_keeps_every_raw_row(ci_connection, staging: dict, table: str) -> None:
    raw = ci_connection.execute(f"select count(*) from raw.raw_{table}").fetchone()[0]
    staged = ci_connection.execute(f"select count(*) from staging.{staging[table]}").fetchone()[0]
    assert raw > 0 or table in EMPTY_IN_THE_DEMO
    assert staged == raw


RENAMED = {
    ("customers", "email"): "email_hash",
    ("orders", "status"): "order_status",
    ("returns", "quantity"): "returned_quantity",
    ("returns", "reason"): "return_reason",
    ("ad_performance", "cost"): "ad_cost",
}


@pytest.mark.parametrize("table", sorted(RAW_TABLES))
def test_staging_casts_lose_no_value_of_the_demo_data(
    ci_connection, staging: dict, table: str
) -> None:
    """try_cast turns bad text into NULL; on clean data no value may vanish."""
    model = staging[table]
    for name, _ in RAW_TABLES[table]:
        staged = RENAMED.get((table, name), name)
        raw_n = ci_connection.execute(f"select count({name}) from raw.raw_{table}").fetchone()[0]
        stg_n = ci_connection.execute(f"select count({staged}) from staging.{model}").fetchone()[0]
        assert stg_n == raw_n, f"{table}.{name} -> {model}.{staged}"


def test_no_clear_text_email_outside_raw_and_the_staging_input(ci_connection) -> None:
    """Scan every column of every relation except the raw seeds for e-mail addresses.

    The source adapters' views (schema adapters) are raw input too: they
    read the loaders' tables and store nothing; their tables must not hold
    an address."""
    columns = ci_connection.execute(
        """select table_schema, table_name, column_name
           from information_schema.columns
           inner join information_schema.tables using (table_catalog, table_schema, table_name)
           where table_schema not in ('raw', 'information_schema', 'pg_catalog')
             and not (table_schema = 'adapters' and table_type = 'VIEW')
             and data_type = 'VARCHAR'"""
    ).fetchall()
    assert columns, "no relations to scan"
    offenders = []
    for schema, table, column in columns:
        assert column.lower() != "email", f"{schema}.{table}.{column}"
        hit = ci_connection.execute(
            f'select "{column}" from "{schema}"."{table}" '
            f"where regexp_matches(\"{column}\", '{EMAIL.pattern}') limit 1"
        ).fetchone()
        if hit:
            offenders.append(f"{schema}.{table}.{column}: {hit[0]}")
    assert offenders == []


def test_every_model_and_column_is_documented(ci_docs: Path) -> None:
    manifest = json.loads((ci_docs / "manifest.json").read_text())
    catalog = json.loads((ci_docs / "catalog.json").read_text())
    missing = []
    for unique_id, node in manifest["nodes"].items():
        if node["resource_type"] not in ("model", "seed"):
            continue
        if not node.get("description", "").strip():
            missing.append(f"{unique_id}: no description")
        built = catalog["nodes"].get(unique_id, {}).get("columns", {})
        documented = {
            name.lower() for name, col in node["columns"].items() if col.get("description")
        }
        for column in built:
            if column.lower() not in documented:
                missing.append(f"{unique_id}.{column}")
        built_names = {name.lower() for name in built}
        for column in node["columns"]:
            if built_names and column.lower() not in built_names:
                missing.append(f"{unique_id}.{column}: documented but not built")
    assert missing == []


@pytest.mark.slow
# a quote that would break out of SQL is among test_bad_input's malicious vars
@pytest.mark.parametrize("bad", ["../../etc"])
def test_reporting_timezone_var_is_validated(bad: str) -> None:
    assert "IANA time zone" in refused_vars({"reporting_timezone": bad}, "stg_shop__orders")


@pytest.mark.slow
def test_unit_tests_do_not_depend_on_the_users_vars(ci_database: Path, tmp_path: Path) -> None:
    """A user's own settings must not fail the hand-worked unit tests.

    Every unit test pins the vars its expectation was worked out for
    (`overrides: vars:`); this runs them all with every var changed, the raw
    data read from a folder of exports and a source adapter (the builds on
    such data in test_bad_input, test_source_adapters and others leave their
    unit tests out: they read their own given rows). One run: raw_schema
    takes the same early return in raw_source as raw_data_path.
    """
    working = copy_database(ci_database, tmp_path)
    (tmp_path / "exports").mkdir()
    (tmp_path / "shopify").mkdir()
    result = run_dbt(
        [
            "test",
            "--target",
            "ci",
            "--select",
            "test_type:unit",
            "--vars",
            json.dumps(
                {
                    "reporting_timezone": "America/New_York",
                    "as_of_date": "2026-01-31",
                    "churn_inactivity_days": 90,
                    "max_lifespan_years": 4,
                    "segment_new_customer_days": 30,
                    "segment_high_value_share": 0.5,
                    "segment_medium_value_share": 0.3,
                    "dq_max_rejected_share": 0.5,
                    "kpi_target_overrides": {"conversion_rate": {"target": 0.5}},
                    "reporting_currency": "USD",
                    "raw_data_path": str(tmp_path / "exports"),
                    "source_adapters": {
                        "shopify_fivetran": {
                            "path": str(tmp_path / "shopify"),
                            "b2b_tag": "wholesale",
                            "promised_delivery_days": 5,
                        }
                    },
                }
            ),
        ],
        env={"KPI_CI_DUCKDB_PATH": str(working)},
        target_path=tmp_path / "target",
    )
    failed = [r["unique_id"] for r in result.results if r["status"] != "pass"]
    assert result.success, failed or result.output[-2000:]
    assert len(result.results) >= 40
