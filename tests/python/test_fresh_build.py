"""The tests read a build of this run, never one left over (conftest.build_problems).

The session's build passes the checks; a copy of it altered in one way
each (another run's id, a narrowed or failed build, a database written by
another invocation, a manifest of another invocation) is refused. The
dbt servers start from the saved parse of make's build of this run only.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import CI_DATABASE_NAME, CiBuild, build_problems, copy_database, saved_parse


@pytest.fixture()
def copied(ci_build: CiBuild, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the session build: (database, target folder with its artifacts)."""
    target = tmp_path / "target"
    target.mkdir()
    for name in ("run_results.json", "manifest.json"):
        shutil.copy(ci_build.target_path / name, target / name)
    return copy_database(ci_build.database, tmp_path / "db"), target


def _edit(path: Path, change) -> None:
    document = json.loads(path.read_text())
    change(document)
    path.write_text(json.dumps(document))


def test_the_session_build_is_of_this_run(ci_build: CiBuild, copied) -> None:
    assert build_problems(ci_build.database, ci_build.target_path, ci_build.run_id) == []
    database, target = copied
    assert build_problems(database, target, ci_build.run_id) == []


def test_a_build_of_another_run_is_refused(ci_build: CiBuild, copied) -> None:
    database, target = copied
    problems = build_problems(database, target, "another-run")
    assert len(problems) == 1 and "not of this run 'another-run'" in problems[0]


def test_a_build_without_a_run_id_is_refused(ci_build: CiBuild, copied) -> None:
    database, target = copied
    _edit(target / "run_results.json", lambda r: r["metadata"].update(env={}))
    assert "run_results.json is of run None" in build_problems(database, target, ci_build.run_id)[0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r["args"].update(select=["kpi_alerts"]), "not a whole-project build"),
        (lambda r: r["args"].update(vars={"as_of_date": "2026-01-31"}), "not a whole-project"),
        (lambda r: r["args"].update(which="run"), "not a `dbt build --target ci`"),
        (lambda r: r["args"].update(target="dev"), "not a `dbt build --target ci`"),
        (lambda r: r["results"][-1].update(status="fail"), "not sound"),
        (lambda r: r["results"][-1].update(status="skipped"), "not sound"),
    ],
    ids=["select", "vars", "run", "target dev", "failed node", "skipped node"],
)
def test_a_narrowed_or_failed_build_is_refused(ci_build: CiBuild, copied, change, message) -> None:
    database, target = copied
    _edit(target / "run_results.json", change)
    problems = build_problems(database, target, ci_build.run_id)
    assert len(problems) == 1 and message in problems[0], problems


def test_a_manifest_of_another_invocation_is_refused(ci_build: CiBuild, copied) -> None:
    database, target = copied
    _edit(target / "manifest.json", lambda m: m["metadata"].update(invocation_id="other"))
    assert build_problems(database, target, ci_build.run_id) == [
        "manifest.json is of another invocation"
    ]


def test_a_database_written_by_another_invocation_is_refused(ci_build: CiBuild, copied) -> None:
    """The artifacts of this run beside a database an earlier build wrote."""
    database, target = copied
    with duckdb.connect(str(database)) as con:
        con.execute("update marts.dq_table_summary set run_id = 'an-earlier-invocation'")
    problems = build_problems(database, target, ci_build.run_id)
    assert len(problems) == 1 and "an-earlier-invocation" in problems[0], problems


def test_a_missing_database_is_refused(ci_build: CiBuild, copied) -> None:
    _, target = copied
    missing = target.parent / "none.duckdb"
    assert build_problems(missing, target, ci_build.run_id) == [f"{missing} does not exist"]


# ---------- the dbt servers' saved parse (conftest.saved_parse, D94) ----------


@pytest.fixture()
def saved_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A CI target folder of run `run-1` with a saved parse, named in the
    environment as make names its build."""
    built = tmp_path / "ci_target"
    built.mkdir()
    (built / "partial_parse.msgpack").write_bytes(b"the parse")
    (built / "run_results.json").write_text(
        json.dumps({"metadata": {"env": {"KPI_RUN_ID": "run-1"}}})
    )
    monkeypatch.setenv("KPI_CI_TARGET", str(built))
    monkeypatch.setenv("KPI_CI_DUCKDB_PATH", f"build/{CI_DATABASE_NAME}")
    monkeypatch.setenv("KPI_CI_RUN_ID", "run-1")
    return built


def test_the_server_takes_over_the_parse_of_this_runs_build(saved_build, tmp_path) -> None:
    server_target = tmp_path / "server" / "target"
    assert saved_parse(server_target) == [f"build/{CI_DATABASE_NAME}"]
    assert (server_target / "partial_parse.msgpack").read_bytes() == b"the parse"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("KPI_CI_RUN_ID", "run-2"),  # `make pytest` after an older make dbt-ci
        ("KPI_CI_DUCKDB_PATH", "build/other.duckdb"),  # relations would name `other`
        ("KPI_CI_TARGET", ""),  # plain pytest
    ],
)
def test_the_server_parses_in_full_otherwise(
    saved_build, tmp_path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    server_target = tmp_path / "server" / "target"
    assert saved_parse(server_target) == []
    assert not (server_target / "partial_parse.msgpack").exists()
