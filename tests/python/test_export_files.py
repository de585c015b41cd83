"""Bad files through the seeds route: read, or quarantined with a counted
reason, never a failed `dbt seed` or a crash (issue 17).

A copy of the project whose raw seeds are files as shops write them, built
whole with `dbt build` (one build for all cases: each touches another table
or adds rows of its own). A raw seed is loaded from its landed copy and its base model reads
that copy (docs/export-files.md), so the seeds route shares the export
route's reader, whose cases run in test_bad_input's bad-rows build and whose
rules are pinned one by one in test_landing.

The unreadable file and the undeclared decimal commas are quarantined whole,
so the quarantine limit stops their tables' marts, as it must; every mart
that needs none of the broken tables equals the clean build's.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import SEEDS, DbtRun, copy_project, kpi_marts, query, run_dbt
from dbt.constants import MAXIMUM_SEED_SIZE

from ecommerce_kpis.dbt_plugin import SEED_ENCODING_ADVICE

pytestmark = pytest.mark.slow

# tables whose file the quarantine limit refuses, and the seeds read as empty
REFUSED = {"nps_responses", "returns"}
EMPTY = {"store_traffic", "ad_performance"}
# dbt-core decodes a seed up to this size as UTF-8 while it parses the project
DBT_READS_SEEDS_UP_TO = MAXIMUM_SEED_SIZE
SESSION = ["V1", "", "2025-05-01 10:00:00", "10", "1", "0", "desktop", "direct", "", "/"]
RAGGED_SESSIONS = [["S9200001", *SESSION[:7]], ["S9200002", *SESSION, "extra"]]
NEW_PRODUCT = ["P90020", "G9020", 'Shirt "Deluxe"\r\nline 2', "tops", "Kade", "12.00", "5.00"]
HUGE_LINE = ["L90000020", "O0000001", "P00001", "1", "100000000000000000", "0.00", ""]


def seed(project: Path, table: str) -> Path:
    return project / "seeds" / "raw" / f"raw_{table}.csv"


def write_bad_seeds(project: Path) -> dict:
    """The cases, written into the copy's seeds; returns what the checks need."""
    # an undecodable byte (0x80 is no UTF-8 start byte) in the survey export,
    # padded beyond 1 MiB: dbt-core reads a smaller seed as UTF-8 while it
    # parses the project, before any project code runs (docs/export-files.md)
    nps = seed(project, "nps_responses").read_bytes().replace(b"periodic", b"p\x80riodic", 1)
    last_line = nps.rstrip(b"\n").rsplit(b"\n", 1)[1] + b"\n"
    nps += last_line * (DBT_READS_SEEDS_UP_TO // len(last_line) + 1)
    seed(project, "nps_responses").write_bytes(nps)
    # decimal commas in a file that does not declare them (a seed cannot)
    path = seed(project, "returns")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, returns = reader.fieldnames, list(reader)
    for row in returns:
        row["refund_amount"] = row["refund_amount"].replace(".", ",")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(returns)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    # mixed line endings and lines with 8 and 12 of 11 fields
    lines = seed(project, "sessions").read_bytes().decode().split("\n")[:-1]
    lines = [line + ("\r" if i % 3 == 0 else "") for i, line in enumerate(lines)]
    lines += [",".join(RAGGED_SESSIONS[0]), ",".join(RAGGED_SESSIONS[1])]
    seed(project, "sessions").write_bytes(("\n".join(lines) + "\r\n").encode())
    # Windows line endings throughout; blank lines at the end
    text = seed(project, "warehouses").read_bytes().decode()
    seed(project, "warehouses").write_bytes(text.replace("\n", "\r\n").encode())
    with seed(project, "customers").open("a", encoding="utf-8", newline="") as handle:
        handle.write("\n\r\n\n")
    # a quoted field with a line break and doubled quotes; an amount of 10^17
    with seed(project, "products").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(NEW_PRODUCT)
    with seed(project, "order_lines").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(HUGE_LINE)
    # a 0-byte file and a header-only file
    seed(project, "store_traffic").write_bytes(b"")
    header_only = seed(project, "ad_performance").read_text(encoding="utf-8").split("\n")[0]
    seed(project, "ad_performance").write_text(header_only + "\n", encoding="utf-8")
    return {"nps_offset": nps.index(b"\x80"), "returns": len(returns)}


@pytest.fixture(scope="module")
def seeds_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[DbtRun, Path, dict]:
    folder = tmp_path_factory.mktemp("export_files")
    project = copy_project(folder)
    written = write_bad_seeds(project)
    database = folder / "seeds.duckdb"
    run = run_dbt(
        ["build", "--target", "ci", "--exclude-resource-type", "unit_test"],
        env={"KPI_CI_DUCKDB_PATH": str(database), "KPI_LANDING_DIR": str(folder / "landing")},
        target_path=folder / "target",
        project_dir=project,
    )
    return run, database, written


def test_only_the_quarantine_limit_stops_the_build(seeds_build) -> None:
    run, _, _ = seeds_build
    assert not run.success
    failed = {r["unique_id"].split(".")[2] for r in run.results if r["status"] in ("error", "fail")}
    assert failed, run.output[-3000:]
    assert all(name.startswith("quarantine_within_limit_") for name in failed), failed
    for table in REFUSED:
        assert f"Quarantine limit exceeded for raw table '{table}'" in run.output
    # every seed loaded: no file failed `dbt seed`
    seeds = [r for r in run.results if r["unique_id"].startswith("seed.")]
    assert len(seeds) >= 17
    assert {r["status"] for r in seeds} == {"success"}


def test_an_undecodable_seed_is_one_quarantined_row_naming_the_byte(seeds_build) -> None:
    run, database, written = seeds_build
    rule = (
        f"file: cannot be read: raw_nps_responses.csv is not utf-8 at byte "
        f"{written['nps_offset']} (0x80); set encoding: windows-1252 or latin-1 "
        f"{SEED_ENCODING_ADVICE}"
    )
    rows = query(
        database,
        "select rule_broken from marts.dq_rejected_rows where source_table = 'nps_responses'",
    )
    assert rows == [(rule,)]
    assert rule in run.output  # the warning


def test_undeclared_decimal_commas_are_quarantined_not_misread(seeds_build) -> None:
    _, database, written = seeds_build
    rules = query(
        database,
        "select rule_broken, count(*) from marts.dq_rejected_rows "
        "where source_table = 'returns' group by 1",
    )
    assert rules == [("refund_amount: not a valid amount", written["returns"])]


def test_line_endings_blank_lines_and_quoted_fields_read(seeds_build) -> None:
    _, database, _ = seeds_build
    # no stray \r: the last column of the CRLF lines typed like the others
    assert query(
        database,
        "select count(*) from staging.stg_web_analytics__sessions where landing_page like '%\r%'",
    ) == [(0,)]
    assert query(
        database, "select warehouse_id, operator from staging.stg_warehouse__warehouses order by 1"
    ) == [("WH01", "own"), ("WH02", "partner")]
    assert query(
        database,
        f"select product_name from staging.stg_shop__products where product_id = '{NEW_PRODUCT[0]}'",
    ) == [(NEW_PRODUCT[2],)]


def test_ragged_lines_and_a_huge_amount_are_quarantined(seeds_build) -> None:
    _, database, _ = seeds_build
    rejected = query(
        database,
        "select source_table, row_key, rule_broken from marts.dq_rejected_rows"
        " where source_table in ('sessions', 'order_lines') order by 2",
    )
    assert rejected == [
        ("order_lines", HUGE_LINE[0], "unit_price: not a valid amount"),
        ("sessions", RAGGED_SESSIONS[0][0], "file: 8 fields, header has 11"),
        ("sessions", RAGGED_SESSIONS[1][0], "file: 12 fields, header has 11"),
    ]


def test_every_raw_row_is_clean_or_quarantined(seeds_build) -> None:
    _, database, _ = seeds_build
    summary = query(
        database,
        "select source_table, raw_rows, clean_rows, rejected_rows from marts.dq_table_summary",
    )
    assert [t for t, raw, clean, rejected in summary if raw != clean + rejected] == []
    raw_rows = {t: raw for t, raw, _, _ in summary}
    assert {t: raw_rows[t] for t in EMPTY} == dict.fromkeys(EMPTY, 0)
    # blank lines are no rows: the customers are the committed seed's
    with (SEEDS / "raw_customers.csv").open(encoding="utf-8", newline="") as handle:
        assert raw_rows["customers"] == sum(1 for _ in csv.DictReader(handle))


def test_marts_without_a_broken_table_equal_the_clean_build(seeds_build, ci_build) -> None:
    _, database, _ = seeds_build
    nodes = ci_build.manifest["nodes"]
    broken = {f"seed.ecommerce_kpis.raw_{t}" for t in REFUSED | EMPTY}

    def upstream(unique_id: str, seen: set[str]) -> set[str]:
        for parent in nodes.get(unique_id, {}).get("depends_on", {}).get("nodes", []):
            if parent not in seen:
                seen.add(parent)
                upstream(parent, seen)
        return seen

    unaffected = {
        node["name"]
        for unique_id, node in nodes.items()
        if node["resource_type"] == "model"
        and node["name"].startswith("kpi_")
        and node["name"] != "kpi_catalogue"
        and not upstream(unique_id, set()) & broken
    }
    assert len(unaffected) >= 8, unaffected
    built, clean = kpi_marts(database), kpi_marts(ci_build.database)
    assert {name: built.get(name) for name in unaffected} == {n: clean[n] for n in unaffected}
