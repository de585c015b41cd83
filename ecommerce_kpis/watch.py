"""``ecommerce-kpis watch``: keep the published tables and the dashboard fresh.

Every interval (``--every 15m``) a *cycle* fingerprints every file under the
folders the build reads: the var ``raw_data_path`` and the ``path`` of each
entry of ``source_adapters`` (docs/adapters/README.md). A file is its path,
size and modification time. If nothing changed since the last successful
cycle, the cycle logs "no new parts" and ends. Otherwise it runs STEPS in
order, each timed and logged:

1. ``dbt build`` with the same vars (a subprocess; the project's incremental
   models rebuild only the latest days, docs/own-data.md);
2. ``publish`` (ecommerce_kpis.publish, refused unless every node passed);
3. ``dashboard`` (ecommerce_kpis.dashboard, with ``--refresh`` and the time
   of the last failed cycle, if any, for its header);
4. ``alerts`` (ecommerce_kpis.alerts: the alerts new since the previous
   delivery, to a JSON lines file and the webhook, as ``make build`` does).

A later step is one more ``(name, function)`` entry of STEPS. A step that
fails ends the cycle: the steps after it do not run, so the published files
and the page (which those steps swap in atomically) stay as they were. The
failure and its time go into the state file, ``<published>/watch_state.json``
(written atomically), beside the fingerprint of the last successful cycle;
the next cycle tries again. Decision D90, docs/operations.md.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ecommerce_kpis import atomic

log = logging.getLogger("ecommerce_kpis.watch")

STATE_FILE = "watch_state.json"
STATE_VERSION = 1
TIME_FORMAT = "%Y-%m-%d %H:%M:%S UTC"
UNITS = {"s": 1, "m": 60, "h": 3600}
DURATION = re.compile(r"(\d+)([smh])")
# dbt's output kept in the log and the state when its build fails
FAILURE_LINES = 15


class WatchError(ValueError):
    """Settings the watch cannot run with (a bad duration, vars, folder)."""


class StepFailed(RuntimeError):
    """A step of a cycle failed; the message says why."""


def parse_duration(text: str) -> int:
    """Seconds of a duration such as ``30s``, ``15m`` or ``1h`` (a whole
    positive number and one unit)."""
    match = DURATION.fullmatch(str(text).strip())
    if not match or int(match.group(1)) == 0:
        raise WatchError(
            f"{text!r} is not a duration: a whole positive number and s, m or h (30s, 15m, 1h)"
        )
    return int(match.group(1)) * UNITS[match.group(2)]


def load_vars(vars_file: Path | None, vars_text: str | None) -> dict:
    """The dbt vars of the build: a YAML file (dbt_vars.yml) or a YAML/JSON
    mapping, as `dbt build --vars` takes them."""
    import yaml

    if vars_file is not None:
        try:
            vars_text = vars_file.read_text(encoding="utf-8")
        except OSError as error:
            raise WatchError(f"cannot read the vars file {vars_file}: {error}") from error
    if not vars_text:
        return {}
    try:
        variables = yaml.safe_load(vars_text)
    except yaml.YAMLError as error:
        raise WatchError(f"the vars are not YAML or JSON: {error}") from error
    if variables is None:
        return {}
    if not isinstance(variables, dict):
        raise WatchError(f"the vars must be a mapping of var names to values, got {variables!r}")
    return variables


@dataclass(frozen=True)
class Watched:
    """What a build reads: the folders whose files can be watched, and the
    sources that cannot (database schemas), named for the log."""

    folders: tuple[Path, ...]
    unwatchable: tuple[str, ...]


def watched(variables: Mapping) -> Watched:
    """The folders of `raw_data_path` and of every `source_adapters` entry
    with a `path`; schema entries (and `raw_schema`) are unwatchable."""
    folders: list[Path] = []
    unwatchable: list[str] = []
    raw = variables.get("raw_data_path")
    if raw not in (None, ""):
        if not isinstance(raw, str):
            raise WatchError(f"raw_data_path must be a folder name, got {raw!r}")
        folders.append(Path(raw))
    if variables.get("raw_schema"):
        unwatchable.append(f"raw_schema {variables['raw_schema']}")
    adapters = variables.get("source_adapters") or {}
    if not isinstance(adapters, dict):
        raise WatchError(f"source_adapters must be a mapping of adapter names, got {adapters!r}")
    for name, entry in adapters.items():
        if not isinstance(entry, dict) or not ({"path", "schema"} & entry.keys()):
            raise WatchError(f"source_adapters.{name} needs a path or a schema, got {entry!r}")
        if "path" in entry:
            if not isinstance(entry["path"], str) or not entry["path"]:
                raise WatchError(f"source_adapters.{name}.path must be a folder name")
            folders.append(Path(entry["path"]))
        else:
            unwatchable.append(f"source_adapters.{name} (schema {entry['schema']})")
    if not folders:
        raise WatchError(
            "nothing to watch: the vars name no folder (raw_data_path, or a "
            "source_adapters entry with a path)"
        )
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        raise WatchError(f"watched folders that do not exist: {', '.join(missing)}")
    return Watched(tuple(folders), tuple(unwatchable))


Fingerprint = dict[str, list[int]]


def fingerprint(folders: tuple[Path, ...] | list[Path]) -> Fingerprint:
    """Every file under the folders (recursively): path -> [size, mtime in ns]."""
    files: Fingerprint = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            try:
                if path.is_file():
                    info = path.stat()
                    files[str(path)] = [info.st_size, info.st_mtime_ns]
            except OSError:  # removed while we looked: the next cycle sees it
                continue
    return files


@dataclass(frozen=True)
class Changes:
    new: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.new or self.changed or self.removed)

    def summary(self) -> str:
        return (
            f"{len(self.new)} files new, {len(self.changed)} changed, {len(self.removed)} removed"
        )


def compare(before: Fingerprint | None, now: Fingerprint) -> Changes:
    """What changed from `before` (the last successful cycle's, None: never
    built) to `now`."""
    before = before or {}
    return Changes(
        new=tuple(sorted(p for p in now if p not in before)),
        changed=tuple(sorted(p for p in now if p in before and list(before[p]) != now[p])),
        removed=tuple(sorted(p for p in before if p not in now)),
    )


@dataclass
class State:
    """The state file: the fingerprint of the last successful cycle, when
    that was, and the last failed cycle (time, step, error)."""

    fingerprint: Fingerprint | None = None
    last_success: str | None = None
    last_failure: dict | None = None

    @classmethod
    def load(cls, path: Path) -> State:
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != STATE_VERSION:
                raise ValueError(f"version {data.get('version')!r}")
            return cls(data["fingerprint"], data["last_success"], data["last_failure"])
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            log.warning("ignoring the unreadable state file %s (%s): building anew", path, error)
            return cls()

    def save(self, path: Path) -> None:
        """Written under a temporary name and renamed: whole or not at all."""
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "version": STATE_VERSION,
            "last_success": self.last_success,
            "last_failure": self.last_failure,
            "fingerprint": self.fingerprint,
        }
        atomic.write_text(path, json.dumps(data, indent=1))


@dataclass(frozen=True)
class Settings:
    variables: dict
    watched: Watched
    published: Path = Path("build/published")
    database: Path = Path("build/ecommerce_kpis.duckdb")
    # dbt's artifacts of the cycle's build: publish reads its run_results.json
    target_path: Path = Path("target/watch")
    refresh: int = 0
    project_dir: Path = field(default_factory=Path.cwd)

    @property
    def state_file(self) -> Path:
        return self.published / STATE_FILE


# a step: does its work or raises; returns a few words for the log
Step = Callable[[Settings, State], str]


def dbt_executable() -> str:
    """The dbt beside this Python (the project's .venv), else on PATH; the
    package does not depend on dbt-core, the project's environment has it."""
    beside = Path(sys.executable).with_name("dbt")
    if beside.exists():
        return str(beside)
    found = shutil.which("dbt")
    if found is None:
        raise WatchError("no dbt: run the watch from the project's environment (make install)")
    return found


# A production build (this watch, `make build`, the benchmark's tests and
# day) leaves the unit tests out: their inputs are fixed in the YAML, so
# they pin the code, not the day's data, and CI (`make check`, `make test`)
# runs them (D110). Its log file (logs/dbt.log) holds what the console shows,
# not dbt's debug events: writing every query and event of a build took
# about a tenth of the demo build (D116).
PRODUCTION_BUILD_FLAGS = ("--exclude-resource-type", "unit_test", "--log-level-file", "info")


def tests_every_row(state: State) -> bool:
    """True when the last cycle's dbt build failed after the last success.
    A build's data tests read only the windows its incremental runs rewrote
    (D113); a fault the failed build left outside the next build's windows
    must still stop that build, so it tests every row."""
    failure = state.last_failure
    if not failure or failure.get("step") != STEPS[0][0]:
        return False
    # TIME_FORMAT sorts as text
    return state.last_success is None or failure["at"] >= state.last_success


def dbt_build(settings: Settings, state: State) -> str:
    """`dbt build --target dev` into the working database, with the vars,
    without the unit tests (PRODUCTION_BUILD_FLAGS); every row tested after
    a failed build (tests_every_row)."""
    variables = dict(settings.variables)
    if tests_every_row(state):
        variables["data_tests_scope"] = "all"
    command = [
        dbt_executable(),
        "build",
        "--target",
        "dev",
        *PRODUCTION_BUILD_FLAGS,
        "--vars",
        json.dumps(variables),
        "--target-path",
        str(settings.target_path),
    ]
    env = {**os.environ, "KPI_DUCKDB_PATH": str(settings.database)}
    done = subprocess.run(
        command,
        cwd=settings.project_dir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-FAILURE_LINES:]
        raise StepFailed(f"dbt build exited with {done.returncode}:\n" + "\n".join(tail))
    return "passed"


def publish_step(settings: Settings, state: State) -> str:
    from ecommerce_kpis.publish import PublishRefused, publish

    try:
        report = publish(
            settings.database, settings.published, settings.target_path / "run_results.json"
        )
    except PublishRefused as refused:
        raise StepFailed(f"not published: {refused}") from refused
    return f"{len(report.tables)} tables"


def dashboard_step(settings: Settings, state: State) -> str:
    from ecommerce_kpis.dashboard import DashboardError, build

    failure = state.last_failure["at"] if state.last_failure else None
    try:
        report = build(settings.published, None, settings.refresh, last_failure=failure)
    except DashboardError as error:
        raise StepFailed(f"dashboard not written: {error}") from error
    return f"data through {report.data_through}, {report.alerts} KPIs in alert"


def alerts_step(settings: Settings, state: State) -> str:
    from ecommerce_kpis.alerts import WEBHOOK_ENV, AlertsError, deliver

    # as `ecommerce-kpis alerts`: a failed webhook post is logged, not a failure
    webhook = os.environ.get(WEBHOOK_ENV, "").strip() or None
    try:
        report = deliver(settings.published, webhook)
    except AlertsError as error:
        raise StepFailed(f"alerts not delivered: {error}") from error
    return f"{len(report.new_alerts)} new of {len(report.open_alerts)} open alerts"


# the cycle's steps, in order; a later step is one entry
STEPS: list[tuple[str, Step]] = [
    ("dbt build", dbt_build),
    ("publish", publish_step),
    ("dashboard", dashboard_step),
    ("alerts", alerts_step),
]


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime(TIME_FORMAT)


def run_cycle(
    settings: Settings,
    steps: list[tuple[str, Step]] | None = None,
    clock: Callable[[], str] = _now,
) -> bool:
    """One cycle (module doc); False when a step failed."""
    steps = STEPS if steps is None else steps
    started = time.perf_counter()
    state = State.load(settings.state_file)

    def failed(name: str, message: str, seconds: float, changes: Changes) -> bool:
        at = clock()
        log.error("%s failed at %s after %.1f s: %s", name, at, seconds, message)
        state.last_failure = {"at": at, "step": name, "error": message}
        state.save(settings.state_file)
        log.error(
            "cycle failed in %.1f s (%s); the published files and dashboard are kept",
            time.perf_counter() - started,
            changes.summary(),
        )
        return False

    # a folder that went away (an unmounted share) is not "every file removed"
    missing = [str(f) for f in settings.watched.folders if not f.is_dir()]
    if missing:
        message = f"watched folders are missing: {', '.join(missing)}"
        return failed("look", message, 0.0, Changes())
    current = fingerprint(settings.watched.folders)
    changes = compare(state.fingerprint, current)
    if not changes:
        log.info("no new parts (%d files unchanged)", len(current))
        return True
    log.info("%s: building", changes.summary())
    for name, step in steps:
        step_started = time.perf_counter()
        try:
            detail = step(settings, state)
        except Exception as error:  # any failure ends the cycle, never the loop
            message = str(error) if isinstance(error, StepFailed) else repr(error)
            return failed(name, message, time.perf_counter() - step_started, changes)
        log.info("%s: %s in %.1f s", name, detail, time.perf_counter() - step_started)
    state.fingerprint = current
    state.last_success = clock()
    state.save(settings.state_file)
    log.info("cycle done in %.1f s: %s", time.perf_counter() - started, changes.summary())
    return True


def watch(
    settings: Settings,
    every: int,
    once: bool = False,
    steps: list[tuple[str, Step]] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Cycles every `every` seconds until interrupted (exit 0), or one cycle
    with `once` (exit 0, or 1 if it failed or was interrupted)."""
    for source in settings.watched.unwatchable:
        log.warning(
            "%s cannot be watched (a database schema): its new rows are built "
            "only when a watched file changes",
            source,
        )
    folders = ", ".join(str(f) for f in settings.watched.folders)
    try:
        if once:
            return 0 if run_cycle(settings, steps) else 1
        log.info("watching %s every %d s", folders, every)
        while True:
            run_cycle(settings, steps)
            sleep(every)
    except KeyboardInterrupt:
        # a build it interrupts runs again next time: its fingerprint was not saved
        log.info("stopped")
        return 1 if once else 0
