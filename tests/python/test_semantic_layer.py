"""The MetricFlow semantic layer: valid, and equal to the marts.

Every ratio and derived metric, and the metric of every KPI of the catalogue,
is queried with ``mf query`` on the demo data, by day and its mart's main
dimension and by that dimension alone, and must equal the mart's
``sum(numerator) / sum(denominator)`` (relative 1e-9). The expected side is
not read from the metric definitions: for a KPI's headline metric it is the
catalogue's numerator and denominator (var kpi_catalogue), for the other
metrics it is written here by hand from the KPI definitions. Broken definitions must fail
``dbt parse`` or ``mf validate-configs`` with a message that names them.
"""

from __future__ import annotations

import csv
import json
import math
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT, CiBuild, copy_database, copy_project

from ecommerce_kpis import catalogue

MF = str(Path(sys.executable).with_name("mf"))

KPIS = catalogue.load(ROOT)

# The metrics that are not a KPI's headline measure: metric -> (mart,
# numerator over mart columns, denominator, scale), written by hand from the
# KPI definitions (docs/spec/kpis.md).
SECONDARY = {
    "ad_frequency": (
        "kpi_reach_impressions",
        "sum(case when reach is not null then impressions end)",
        "sum(reach)",
        1,
    ),
    "return_on_ad_spend": (
        "kpi_cost_per_conversion",
        "sum(conversion_revenue)",
        "sum(ad_cost)",
        1,
    ),
    "conversion_average_order_value": (
        "kpi_cost_per_conversion",
        "sum(conversion_revenue)",
        "sum(conversions)",
        1,
    ),
    "gross_margin_rate": (
        "kpi_discount_margin_impact",
        "sum(gross_margin)",
        "sum(net_revenue)",
        1,
    ),
    "margin_per_order": ("kpi_discount_margin_impact", "sum(gross_margin)", "sum(orders)", 1),
    "discount_rate": (
        "kpi_discount_margin_impact",
        "sum(discount_amount)",
        "sum(gross_revenue)",
        1,
    ),
    "fulfilment_cost_per_item": (
        "kpi_fulfilment_cost_per_order",
        "sum(total_fulfilment_cost)",
        "sum(items_shipped)",
        1,
    ),
    "email_click_rate": (
        "kpi_email_engagement",
        "sum(clicked_recipients)",
        "sum(delivered_recipients)",
        1,
    ),
    "email_click_to_open_rate": (
        "kpi_email_engagement",
        "sum(clicked_recipients)",
        "sum(opened_recipients)",
        1,
    ),
    # counts: the denominator is 1 per group
    "total_fulfilment_cost": (
        "kpi_fulfilment_cost_per_order",
        "sum(total_fulfilment_cost)",
        "1",
        1,
    ),
}


def headline(kpi: catalogue.Kpi) -> tuple[str, str, str, float]:
    """The catalogue's headline measure of a KPI as (mart, numerator,
    denominator, scale): sums over the rows its row_filter keeps."""
    kept = f" filter (where {kpi.row_filter})" if kpi.row_filter else ""
    denominator = f"sum({kpi.denominator}){kept}" if kpi.denominator else "1"
    return (kpi.mart, f"sum({kpi.numerator}){kept}", denominator, kpi.scale)


# metric -> (mart, numerator over mart columns, denominator, scale): each
# headline KPI's metric is held to the catalogue's numerator and denominator
PARITY = {**SECONDARY, **{kpi.metric: headline(kpi) for kpi in KPIS if kpi.metric}}
# the mart's date column of each metric (date_day unless the catalogue says)
DATE_COLUMNS = {kpi.metric: kpi.date_column for kpi in KPIS if kpi.metric and kpi.date_column}
DATE_COLUMNS.update({"email_click_rate": "send_date", "email_click_to_open_rate": "send_date"})

# group-by item -> the mart column it is; one query per group and grouping
GROUPS = [
    ("channel", "channel", ["conversion_rate", "bounce_rate", "avg_session_duration_seconds"]),
    ("channel", "channel", ["cost_per_acquisition"]),
    (
        "campaign",
        "campaign_id",
        ["ad_frequency", "click_through_rate"],
    ),
    (
        "campaign",
        "campaign_id",
        ["cost_per_conversion", "return_on_ad_spend", "conversion_average_order_value"],
    ),
    (
        "campaign",
        "campaign_id",
        ["email_open_rate", "email_click_rate", "email_click_to_open_rate"],
    ),
    ("order__sales_channel", "sales_channel", ["average_order_value"]),
    ("customer_day__customer_type", "customer_type", ["cross_sell_ratio", "upsell_ratio"]),
    (
        "order__promotion_id",
        "promotion_id",
        ["gross_margin_rate", "margin_per_order", "discount_rate", "margin_erosion_rate"],
    ),
    ("store", "store_id", ["store_conversion_rate"]),
    ("order_line__category", "category", ["return_rate"]),
    ("session_category__category", "category", ["category_conversion_rate"]),
    ("return__category", "category", ["avg_return_cycle_days"]),
    (
        "warehouse",
        "warehouse_id",
        [
            "fulfilment_error_rate",
            "first_time_delivery_rate",
            "fulfilment_cost_per_order",
            "fulfilment_cost_per_item",
            "total_fulfilment_cost",
        ],
    ),
    ("nps_response__touchpoint", "touchpoint", ["net_promoter_score"]),
    (None, None, ["visitors"]),
]
# a catalogue KPI's metric not grouped above is compared by day only
UNGROUPED = sorted(set(PARITY) - {m for _, _, metrics in GROUPS for m in metrics})
if UNGROUPED:
    GROUPS.append((None, None, UNGROUPED))


def mf_env(database: Path) -> dict[str, str]:
    """mf on `database`, in the folder that holds it (see semantic_database)."""
    return {
        **os.environ,
        "KPI_DUCKDB_PATH": str(database),
        "DBT_PROFILES_DIR": str(database.parent),
        "DBT_PROJECT_DIR": str(database.parent),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }


@pytest.fixture(scope="module")
def semantic_database(ci_build: CiBuild, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the CI database for mf (it opens its database read-write), in
    a folder mf runs in: the project's dbt_project.yml and profiles.yml and,
    in target/, the semantic manifest of the CI build (mf reads it from
    <project>/target/, whatever target path dbt used)."""
    folder = tmp_path_factory.mktemp("semantic")
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy(ROOT / name, folder / name)
    (folder / "target").mkdir()
    shutil.copy(ci_build.target_path / "semantic_manifest.json", folder / "target")
    return copy_database(ci_build.database, folder)


# What `mf query --metrics ... --group-by ... --csv ...` does (dbt_metricflow's
# cli/main.py: the same request to the same engine, the same CSV), for many
# queries in one process: mf loads dbt and the semantic manifest for ~5 s
# at every start, and the parity test runs a score of queries.
MF_QUERIES = """
import csv, json, sys
from dbt_metricflow.cli.cli_configuration import CLIConfiguration
from metricflow.engine.metricflow_engine import MetricFlowQueryRequest

cfg = CLIConfiguration()
cfg.setup()
for job in json.loads(open(sys.argv[1]).read()):
    request = MetricFlowQueryRequest.create(
        metric_names=job["metrics"], group_by_names=job["group_by"] or None
    )
    frame = cfg.mf.query(mf_request=request).result_df
    if frame is not None and frame.row_count > 0:
        with open(job["csv"], "w") as handle:
            writer = csv.writer(handle)
            writer.writerow(frame.column_names)
            writer.writerows(frame.rows)
"""


def mf_queries(
    database: Path, queries: list[tuple[list[str], list[str]]], folder: Path
) -> list[list[dict]]:
    """The rows of each (metrics, group-by items) query, as mf query writes them."""
    jobs = [
        {"metrics": metrics, "group_by": group_by, "csv": str(folder / f"q{index}.csv")}
        for index, (metrics, group_by) in enumerate(queries)
    ]
    (folder / "queries.json").write_text(json.dumps(jobs))
    result = subprocess.run(
        [sys.executable, "-c", MF_QUERIES, str(folder / "queries.json")],
        cwd=database.parent,
        env=mf_env(database),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    rows = []
    for job in jobs:
        out = Path(job["csv"])
        assert out.exists(), f"no rows for {job['metrics']} by {job['group_by']}"
        with out.open() as handle:
            rows.append(list(csv.DictReader(handle)))
    return rows


def number(text: str | None) -> float | None:
    if text in (None, ""):
        return None
    value = float(text)
    return None if math.isnan(value) else value


def same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def expected(con, metric: str, keys: list[str]) -> dict[tuple, float | None]:
    mart, numerator, denominator, scale = PARITY[metric]
    date_column = DATE_COLUMNS.get(metric, "date_day")
    select = ", ".join(date_column if key == "date_day" else key for key in keys)
    group = f" group by {select}" if keys else ""
    rows = con.execute(
        f"select {select + ', ' if keys else ''}"
        f"{scale} * ({numerator})::double / nullif({denominator}, 0) "
        f"from marts.{mart}{group}"
    ).fetchall()
    return {tuple(str(v) for v in row[:-1]): row[-1] for row in rows}


@pytest.mark.parametrize("by_day", [True, False], ids=["by_day_and_dimension", "by_dimension"])
def test_every_metric_equals_its_mart(semantic_database: Path, tmp_path: Path, by_day: bool):
    # mf opens the database read-write: query it first, read the marts after
    queries = []
    for group_by, column, metrics in GROUPS:
        items = (["metric_time__day"] if by_day else []) + ([group_by] if group_by else [])
        keys = (["date_day"] if by_day else []) + ([column] if column else [])
        if not items:
            # visitors: distinct visitors are a daily count; over a longer
            # period they are fewer than the sum of the days (not additive)
            continue
        queries.append((items, keys, metrics))
    answers = mf_queries(semantic_database, [(m, items) for items, _, m in queries], tmp_path)
    results = [(*query, rows) for query, rows in zip(queries, answers, strict=True)]

    con = duckdb.connect(str(semantic_database), read_only=True)
    compared, mismatches = 0, []
    for items, keys, metrics, rows in results:
        for metric in metrics:
            want = expected(con, metric, keys)
            got = {}
            for row in rows:
                key = tuple(
                    (row[i] or "None")[:10] if i.startswith("metric_time") else (row[i] or "None")
                    for i in items
                )
                got[key] = number(row[metric])
            for key in set(want) | set(got):
                if not same(want.get(key), got.get(key)):
                    mismatches.append((metric, key, want.get(key), got.get(key)))
                elif want.get(key) is not None:
                    compared += 1
    con.close()
    by_metric = Counter(m[0] for m in mismatches)
    assert mismatches[:10] == [], f"{len(mismatches)} mismatches: {dict(by_metric)}"
    assert compared > (5_000 if by_day else 50)


def test_every_ratio_and_derived_metric_has_a_parity_check(ci_build: CiBuild) -> None:
    manifest = json.loads((ci_build.target_path / "semantic_manifest.json").read_text())
    checked = {m for _, _, metrics in GROUPS for m in metrics}
    defined = {m["name"] for m in manifest["metrics"]}
    computed = {m["name"] for m in manifest["metrics"] if m["type"] in ("ratio", "derived")}
    assert computed <= checked
    assert set(PARITY) == checked
    # every headline KPI's metric exists and is checked against the catalogue
    headline_metrics = {kpi.metric for kpi in KPIS if kpi.metric}
    assert headline_metrics <= defined
    assert checked - computed <= headline_metrics
    assert not headline_metrics & set(SECONDARY)


def test_validate_configs_passes_on_the_demo_data(semantic_database: Path) -> None:
    result = subprocess.run(
        [MF, "validate-configs"],
        cwd=semantic_database.parent,
        env=mf_env(semantic_database),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ERRORS: 0" in result.stdout


@pytest.mark.slow
def test_a_broken_metric_fails_dbt_parse_with_a_clear_message(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    metrics = project / "models" / "semantic" / "_metrics.yml"
    text = metrics.read_text()
    assert "      denominator: sessions\n" in text
    metrics.write_text(
        text.replace("      denominator: sessions\n", "      denominator: sesions\n", 1)
    )
    result = subprocess.run(
        [str(Path(sys.executable).with_name("dbt")), "parse", "--target", "lint"],
        cwd=project,
        env={**os.environ, "DBT_PROFILES_DIR": str(project), "DBT_PROJECT_DIR": str(project)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "sesions" in result.stdout + result.stderr


@pytest.mark.slow
def test_a_measure_on_a_missing_column_fails_validate_configs(
    semantic_database: Path, tmp_path: Path
) -> None:
    """The measure's column renamed in the semantic manifest that dbt wrote
    from _semantic_models.yml (the YAML edit, without a dbt parse of a
    project copy): mf's data-warehouse checks name the measure."""
    folder = tmp_path / "renamed"
    (folder / "target").mkdir(parents=True)
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy(semantic_database.parent / name, folder / name)
    manifest = json.loads((semantic_database.parent / "target/semantic_manifest.json").read_text())
    renamed = 0
    for model in manifest["semantic_models"]:
        for measure in model["measures"]:
            if measure.get("expr") == "duration_seconds":
                measure["expr"] = "duration_secs"
                renamed += 1
    assert renamed == 1
    (folder / "target/semantic_manifest.json").write_text(json.dumps(manifest))
    database = copy_database(semantic_database, folder)
    result = subprocess.run(
        [MF, "validate-configs"],
        cwd=folder,
        env=mf_env(database),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "measure `total_duration_seconds`" in result.stdout + result.stderr
