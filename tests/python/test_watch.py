"""`ecommerce-kpis watch` (ecommerce_kpis.watch, decision D90).

The pure parts on hand-made folders and fake steps: durations, the watched
folders of the vars, the fingerprint and what changed, the state file, a
cycle's order of steps and its failure, the loop. Then the issue's two
tests on real builds, without a build of their own: conftest's
incremental_builds runs tier S through three cycles (a full build without
the last day; the day's parts land and a cycle's dbt build fails; an
incremental build), and test_incremental checks the same builds' tables.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import subprocess
from pathlib import Path

import pytest

from ecommerce_kpis import watch
from ecommerce_kpis.cli import main

# ---------- durations and the watched folders ----------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30s", 30), ("15m", 900), ("1h", 3600), (" 2m ", 120), ("90m", 5400)],
)
def test_a_duration_is_a_whole_number_and_a_unit(text: str, seconds: int) -> None:
    assert watch.parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["0s", "15", "1.5h", "-5m", "15 min", "", "m", "1d", "15M"])
def test_a_bad_duration_is_refused_with_the_accepted_forms(text: str) -> None:
    with pytest.raises(watch.WatchError, match=r"not a duration.*30s, 15m, 1h"):
        watch.parse_duration(text)


def test_the_watched_folders_are_raw_data_path_and_the_adapters_paths(tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    (tmp_path / "shopify").mkdir()
    found = watch.watched(
        {
            "raw_data_path": str(tmp_path / "raw"),
            "source_adapters": {
                "shopify_fivetran": {"path": str(tmp_path / "shopify"), "b2b_tag": "x"},
                "ga4_bigquery": {"schema": "ga4"},
            },
        }
    )
    assert found.folders == (tmp_path / "raw", tmp_path / "shopify")
    assert found.unwatchable == ("source_adapters.ga4_bigquery (schema ga4)",)


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({}, "nothing to watch"),
        ({"raw_schema": "my_raw"}, "nothing to watch"),
        ({"source_adapters": {"shopify_fivetran": {"schema": "s"}}}, "nothing to watch"),
        ({"raw_data_path": "does/not/exist"}, "do not exist: does/not/exist"),
        ({"raw_data_path": 5}, "raw_data_path must be a folder name"),
        ({"source_adapters": ["shopify_fivetran"]}, "source_adapters must be a mapping"),
        ({"source_adapters": {"shopify_fivetran": {}}}, "needs a path or a schema"),
        ({"source_adapters": {"shopify_fivetran": {"path": ""}}}, "path must be a folder"),
    ],
)
def test_vars_without_a_folder_to_watch_are_a_clear_error(variables: dict, message: str) -> None:
    with pytest.raises(watch.WatchError, match=re.escape(message)):
        watch.watched(variables)


def test_vars_come_from_a_yaml_file_or_a_json_text(tmp_path: Path) -> None:
    file = tmp_path / "dbt_vars.yml"
    file.write_text("raw_data_path: /data/exports\nincremental_lookback_days: 3\n")
    assert watch.load_vars(file, None) == {
        "raw_data_path": "/data/exports",
        "incremental_lookback_days": 3,
    }
    assert watch.load_vars(None, '{"raw_data_path": "x"}') == {"raw_data_path": "x"}
    assert watch.load_vars(None, None) == {}
    with pytest.raises(watch.WatchError, match="mapping"):
        watch.load_vars(None, "[1, 2]")
    with pytest.raises(watch.WatchError, match="not YAML or JSON"):
        watch.load_vars(None, "{a: [")
    with pytest.raises(watch.WatchError, match="cannot read the vars file"):
        watch.load_vars(tmp_path / "missing.yml", None)


# ---------- fingerprints and changes ----------


def _folder(tmp_path: Path) -> Path:
    """raw/orders/part-1.parquet (3 bytes), raw/sessions.csv (5 bytes)."""
    raw = tmp_path / "raw"
    (raw / "orders").mkdir(parents=True)
    (raw / "orders" / "part-1.parquet").write_bytes(b"abc")
    (raw / "sessions.csv").write_bytes(b"a,b\n\n")
    return raw


def test_a_fingerprint_is_every_file_with_its_size_and_mtime(tmp_path: Path) -> None:
    raw = _folder(tmp_path)
    os.utime(raw / "sessions.csv", ns=(1_000_000_000, 1_700_000_000_000_000_000))
    found = watch.fingerprint([raw])
    assert sorted(found) == [str(raw / "orders" / "part-1.parquet"), str(raw / "sessions.csv")]
    assert found[str(raw / "sessions.csv")] == [5, 1_700_000_000_000_000_000]
    assert found[str(raw / "orders" / "part-1.parquet")][0] == 3
    assert watch.fingerprint([tmp_path / "empty"]) == {}


def test_changes_are_new_changed_and_removed_files(tmp_path: Path) -> None:
    raw = _folder(tmp_path)
    before = watch.fingerprint([raw])
    assert not watch.compare(before, watch.fingerprint([raw]))
    assert watch.compare(before, before).summary() == "0 files new, 0 changed, 0 removed"
    # never built: every file is new
    assert watch.compare(None, before).new == tuple(sorted(before))

    part = raw / "orders" / "part-1.parquet"
    (raw / "orders" / "part-2.parquet").write_bytes(b"d")  # a new part
    (raw / "sessions.csv").unlink()  # removed
    stat = part.stat()
    os.utime(part, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))  # rewritten, same size
    changes = watch.compare(before, watch.fingerprint([raw]))
    assert changes.new == (str(raw / "orders" / "part-2.parquet"),)
    assert changes.changed == (str(part),)
    assert changes.removed == (str(raw / "sessions.csv"),)
    assert changes.summary() == "1 files new, 1 changed, 1 removed"


def test_the_state_file_round_trips_and_a_broken_one_means_a_new_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "published" / watch.STATE_FILE
    assert watch.State.load(path) == watch.State()
    state = watch.State({"a": [1, 2]}, "2026-11-30 04:00:00 UTC", {"at": "t", "step": "s"})
    state.save(path)
    assert watch.State.load(path) == state
    assert [p.name for p in path.parent.iterdir()] == [watch.STATE_FILE]
    path.write_text("{not json")
    with caplog.at_level(logging.WARNING, logger="ecommerce_kpis.watch"):
        assert watch.State.load(path) == watch.State()
    assert "ignoring the unreadable state file" in caplog.text


# ---------- a cycle with fake steps ----------


class Steps:
    """Steps that record their calls; `fail` names one that raises."""

    def __init__(self, fail: str | None = None, error: Exception | None = None) -> None:
        self.calls: list[tuple[str, str | None]] = []
        self.fail = fail
        self.error = error or watch.StepFailed("dbt build exited with 1")

    def step(self, name: str) -> watch.Step:
        def run(settings: watch.Settings, state: watch.State) -> str:
            failure = state.last_failure["at"] if state.last_failure else None
            self.calls.append((name, failure))
            if name == self.fail:
                raise self.error
            return "ok"

        return run

    def list(self) -> list[tuple[str, watch.Step]]:
        return [(name, self.step(name)) for name in ("build", "publish", "dashboard")]


def _settings(tmp_path: Path) -> watch.Settings:
    raw = tmp_path / "raw" if (tmp_path / "raw").exists() else _folder(tmp_path)
    variables = {"raw_data_path": str(raw)}
    return watch.Settings(variables, watch.watched(variables), published=tmp_path / "published")


def test_a_cycle_runs_its_steps_in_order_only_when_a_file_changed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = _settings(tmp_path)
    steps = Steps()
    caplog.set_level(logging.INFO, logger="ecommerce_kpis.watch")
    assert watch.run_cycle(settings, steps.list(), clock=lambda: "T1")
    assert steps.calls == [("build", None), ("publish", None), ("dashboard", None)]
    assert "2 files new, 0 changed, 0 removed: building" in caplog.text
    assert re.search(r"cycle done in \d+\.\d s: 2 files new", caplog.text)
    assert re.search(r"publish: ok in \d+\.\d s", caplog.text)
    state = json.loads(settings.state_file.read_text())
    assert state["last_success"] == "T1" and state["last_failure"] is None

    caplog.clear()
    assert watch.run_cycle(settings, steps.list(), clock=lambda: "T2")
    assert len(steps.calls) == 3
    assert "no new parts (2 files unchanged)" in caplog.text


def test_a_failed_step_ends_the_cycle_and_the_next_success_knows_when(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = _settings(tmp_path)
    assert watch.run_cycle(settings, Steps().list(), clock=lambda: "T1")
    built = json.loads(settings.state_file.read_text())["fingerprint"]
    (tmp_path / "raw" / "orders" / "part-2.parquet").write_bytes(b"new")

    caplog.set_level(logging.INFO, logger="ecommerce_kpis.watch")
    failing = Steps(fail="build")
    assert not watch.run_cycle(settings, failing.list(), clock=lambda: "T2")
    assert failing.calls == [("build", None)]  # nothing after the failed step
    assert "build failed at T2 after" in caplog.text
    assert "dbt build exited with 1" in caplog.text
    assert "cycle failed in" in caplog.text and "1 files new" in caplog.text
    state = json.loads(settings.state_file.read_text())
    assert state["last_failure"] == {
        "at": "T2",
        "step": "build",
        "error": "dbt build exited with 1",
    }
    # the fingerprint stays the last success's: the next cycle tries again
    assert state["fingerprint"] == built and state["last_success"] == "T1"

    # any exception of a step fails the cycle, never the caller
    broken = Steps(fail="publish", error=OSError("disk full"))
    assert not watch.run_cycle(settings, broken.list(), clock=lambda: "T3")
    assert broken.calls == [("build", "T2"), ("publish", "T2")]
    assert "OSError('disk full')" in caplog.text

    fixed = Steps()
    assert watch.run_cycle(settings, fixed.list(), clock=lambda: "T4")
    # the dashboard of the next success is told the last failure's time
    assert fixed.calls[-1] == ("dashboard", "T3")
    state = json.loads(settings.state_file.read_text())
    assert state["last_success"] == "T4" and state["last_failure"]["at"] == "T3"
    assert str(tmp_path / "raw" / "orders" / "part-2.parquet") in state["fingerprint"]


def test_a_watched_folder_that_went_away_fails_the_cycle_without_a_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = _settings(tmp_path)
    assert watch.run_cycle(settings, Steps().list(), clock=lambda: "T1")
    (tmp_path / "raw").rename(tmp_path / "unmounted")
    steps = Steps()
    caplog.set_level(logging.INFO, logger="ecommerce_kpis.watch")
    assert not watch.run_cycle(settings, steps.list(), clock=lambda: "T2")
    assert steps.calls == []
    assert f"watched folders are missing: {tmp_path / 'raw'}" in caplog.text
    assert json.loads(settings.state_file.read_text())["last_failure"]["step"] == "look"


def test_the_loop_survives_a_failed_cycle_and_stops_cleanly(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = _settings(tmp_path)
    failing = Steps(fail="publish")
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        if len(slept) == 2:
            raise KeyboardInterrupt  # Ctrl-C (or SIGTERM, cli) while sleeping

    caplog.set_level(logging.INFO, logger="ecommerce_kpis.watch")
    assert watch.watch(settings, 900, steps=failing.list(), sleep=sleep) == 0
    assert slept == [900, 900]
    # two failed cycles, each tried again (the failure leaves the fingerprint)
    assert [name for name, _ in failing.calls] == ["build", "publish"] * 2
    assert caplog.text.count("cycle failed") == 2
    assert "stopped" in caplog.text


def test_once_exits_1_on_a_failed_cycle_and_0_otherwise(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    assert watch.watch(settings, 60, once=True, steps=Steps(fail="dashboard").list()) == 1
    assert watch.watch(settings, 60, once=True, steps=Steps().list()) == 0
    assert watch.watch(settings, 60, once=True, steps=Steps(fail="build").list()) == 0  # no change
    (tmp_path / "raw" / "new.csv").write_text("x")
    interrupted = Steps(fail="build", error=KeyboardInterrupt())
    assert watch.watch(settings, 60, once=True, steps=interrupted.list()) == 1


def test_a_schema_source_is_said_once_not_to_be_watched(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    raw = _folder(tmp_path)
    variables = {
        "raw_data_path": str(raw),
        "source_adapters": {"klaviyo_fivetran": {"schema": "k"}},
    }
    settings = watch.Settings(variables, watch.watched(variables), published=tmp_path / "published")
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        if len(slept) == 3:
            raise KeyboardInterrupt

    caplog.set_level(logging.INFO, logger="ecommerce_kpis.watch")
    watch.watch(settings, 1, steps=Steps().list(), sleep=sleep)
    assert caplog.text.count("source_adapters.klaviyo_fivetran (schema k) cannot be watched") == 1


def test_the_command_checks_its_options_and_logs_to_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = _folder(tmp_path)
    published = tmp_path / "published"
    for argv, message in [
        (["--every", "15"], "'15' is not a duration"),
        (["--refresh", "-1", "--vars", f"raw_data_path: {raw}"], "--refresh must be 0"),
        (["--vars", "{}"], "nothing to watch"),
    ]:
        with pytest.raises(SystemExit) as stopped:
            main(["watch", "--once", *argv])
        assert stopped.value.code == 2
        assert message in capsys.readouterr().err
    # nothing changed since the recorded success: no build, exit 0
    watch.State(watch.fingerprint([raw]), "T0").save(published / watch.STATE_FILE)
    argv = ["watch", "--once", "--vars", json.dumps({"raw_data_path": str(raw)})]
    assert main([*argv, "--published", str(published)]) == 0
    err = capsys.readouterr().err
    assert re.search(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ INFO no new parts", err, re.M), err


def test_the_dbt_step_builds_the_dev_target_into_the_database_with_the_vars(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real step with a stand-in `dbt` that records how it was called."""
    fake = tmp_path / "dbt"
    calls = tmp_path / "calls.json"
    fake.write_text(
        "#!/usr/bin/env python3\n"
        "import json, os, sys\n"
        f"json.dump({{'argv': sys.argv[1:], 'db': os.environ['KPI_DUCKDB_PATH'], "
        f"'cwd': os.getcwd()}}, open({str(calls)!r}, 'w'))\n"
        "print('\\n'.join(f'line {i}' for i in range(30)))\n"
        "sys.exit(int(os.environ.get('FAKE_DBT_EXIT', '0')))\n"
    )
    fake.chmod(0o755)
    monkeypatch.setattr(watch, "dbt_executable", lambda: str(fake))
    settings = watch.Settings(
        {"raw_data_path": "exports", "incremental_lookback_days": 3},
        watch.Watched((Path("exports"),), ()),
        database=tmp_path / "work.duckdb",
        target_path=tmp_path / "target",
        project_dir=tmp_path,
    )
    assert watch.dbt_build(settings, watch.State()) == "passed"
    called = json.loads(calls.read_text())
    assert called["argv"] == [
        "build",
        "--target",
        "dev",
        "--exclude-resource-type",
        "unit_test",
        "--log-level-file",
        "info",
        "--vars",
        '{"raw_data_path": "exports", "incremental_lookback_days": 3}',
        "--target-path",
        str(tmp_path / "target"),
    ]
    assert called["db"] == str(tmp_path / "work.duckdb")
    assert Path(called["cwd"]) == tmp_path
    monkeypatch.setenv("FAKE_DBT_EXIT", "2")
    with pytest.raises(watch.StepFailed) as failed:
        watch.dbt_build(settings, watch.State())
    # the exit code and dbt's last 15 lines (of 30)
    assert str(failed.value).splitlines() == ["dbt build exited with 2:"] + [
        f"line {i}" for i in range(15, 30)
    ]


def test_after_a_failed_dbt_build_the_next_build_tests_every_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """D113: a build's data tests read only what its incremental runs
    rewrote; after a failed dbt build the next one tests every row, until a
    cycle succeeds. A failure of a later step (publish) does not count."""
    seen: list[dict] = []

    def fake_run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
        seen.append(json.loads(command[command.index("--vars") + 1]))
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(watch, "dbt_executable", lambda: "dbt")
    monkeypatch.setattr(watch.subprocess, "run", fake_run)
    settings = watch.Settings(
        {"raw_data_path": "exports"},
        watch.Watched((Path("exports"),), ()),
        target_path=tmp_path / "target",
    )
    failed_build = {"at": "2026-12-01 10:00:00 UTC", "step": "dbt build", "error": "x"}
    states = [
        watch.State(),  # the first build: a full build, tests every row anyway
        watch.State(last_success="2026-12-01 09:00:00 UTC", last_failure=failed_build),
        watch.State(last_failure=failed_build),
        watch.State(last_success="2026-12-01 11:00:00 UTC", last_failure=failed_build),
        watch.State(
            last_success="2026-12-01 09:00:00 UTC",
            last_failure={**failed_build, "step": "publish"},
        ),
    ]
    for state in states:
        watch.dbt_build(settings, state)
    assert [v.get("data_tests_scope") for v in seen] == [None, "all", "all", None, None]
    assert all(v["raw_data_path"] == "exports" for v in seen)


def test_without_dbt_the_command_says_where_to_run_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(watch.sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(watch.WatchError, match="no dbt: run the watch from the project's"):
        watch.dbt_executable()


# ---------- the tests, on tier S (conftest: incremental_builds) ----------


def _page_data(page: bytes) -> dict:
    html = page.decode("utf-8")
    data = html.split('<script type="application/json" id="data">', 1)[1]
    return json.loads(data.split("</script>", 1)[0])


def test_a_new_day_of_parts_appears_on_the_dashboard(incremental_builds: dict) -> None:
    cycles = incremental_builds["cycles"]
    first, second = cycles["first"], cycles["second"]
    assert first.passed, first.log
    assert second.passed, second.log
    before, after = _page_data(first.page), _page_data(second.page)
    # the delivery is the tier's last day: one day more on the page
    assert dt.date.fromisoformat(after["data_through"]) == dt.date.fromisoformat(
        before["data_through"]
    ) + dt.timedelta(days=1)
    # the cycle saw exactly the delivered parts, and said so
    delivered = incremental_builds["delivered"]
    assert len(delivered) >= 5
    assert f"{len(delivered)} files new, 0 changed, 0 removed: building" in second.log
    assert any(
        re.fullmatch(rf"cycle done in \d+\.\d s: {len(delivered)} files new, .*", line)
        for line in second.log
    ), second.log
    for step in ("dbt build", "publish", "dashboard", "alerts"):
        assert any(re.fullmatch(rf"{step}: .* in \d+\.\d s", line) for line in second.log), step
    # the failed cycle between them is in the header of the next success
    assert before["last_failure"] is None
    assert after["last_failure"] == cycles["failed"].state["last_failure"]["at"]


def test_a_failing_build_leaves_the_previous_page_byte_identical(
    incremental_builds: dict,
) -> None:
    first, failed = incremental_builds["cycles"]["first"], incremental_builds["cycles"]["failed"]
    assert failed.page == first.page
    assert failed.database == first.database
    assert failed.parquet == first.parquet
    assert not failed.passed
    failure = failed.state["last_failure"]
    assert failure["step"] == "dbt build"
    assert "incremental_lookback_days must be a whole number" in failure["error"]
    dt.datetime.strptime(failure["at"], watch.TIME_FORMAT)
    assert any(line.startswith(f"dbt build failed at {failure['at']} after") for line in failed.log)
    # the fingerprint is the last success's: the next cycle builds the delivery
    assert failed.state["fingerprint"] == first.state["fingerprint"]
    assert failed.state["last_success"] == first.state["last_success"]


def test_nothing_new_after_a_success_builds_nothing(
    incremental_builds: dict, caplog: pytest.LogCaptureFixture
) -> None:
    def never(settings: watch.Settings, state: watch.State) -> str:
        raise AssertionError("a step ran without a change")

    caplog.set_level(logging.INFO, logger="ecommerce_kpis.watch")
    assert watch.run_cycle(incremental_builds["settings"], [("dbt build", never)])
    assert "no new parts" in caplog.text


def test_make_build_leaves_the_unit_tests_out_as_the_watch_does() -> None:
    """`make build` is the demo's production build: the same flags as the
    watch's dbt step (D110, D116), so neither runs the unit tests CI runs
    nor writes dbt's debug log."""
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    recipe = makefile.split("\nbuild: ", 1)[1].split("\n\n", 1)[0]
    dbt_lines = [line for line in recipe.splitlines() if "/dbt build" in line]
    assert len(dbt_lines) == 1
    assert dbt_lines[0].endswith("build --target dev " + " ".join(watch.PRODUCTION_BUILD_FLAGS))
