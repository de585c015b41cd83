"""DuckDB's EXPLAIN ANALYZE of a model's full build, on a benchmark's database.

    python -m kpi_devtools.profile_models --tier M MODEL [MODEL ...]
    python -m kpi_devtools.profile_models --tier M --slowest 3

For the benchmark's work folder of a tier (``make bench TIER=M`` leaves its
database, raw folder and dbt log in ``build/bench/<tier>``): compiles the
models' full-refresh SQL (``dbt compile --full-refresh``, the vars of the
benchmark), then runs ``EXPLAIN ANALYZE CREATE TABLE ... AS <that SQL>`` into
a scratch schema with the profile's DuckDB settings, and writes each plan,
with its operators' times and row counts, to ``bench/profiles/<tier>/<model>.txt``.
The scratch tables are dropped; the models' own tables are not touched.

``--slowest N`` profiles the N models whose last full run took longest, read
from the benchmark's dbt log (the run of ``dbt run --full-refresh``).
Issue 21 compares these profiles before and after a change of the models.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import jinja2
import yaml

from ecommerce_kpis.sql_names import sql_ident

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SCRATCH = "profile_scratch"
# a model's line in dbt's log: "... OK created sql incremental model
# staging.base_x .... [OK in 12.34s]"
_DONE = re.compile(r"OK created sql \w+ model (\w+)\.(\w+) .*?\[\S*OK\S* in ([0-9.]+)s\]")
_COMMAND = re.compile(r"'invocation_command': '([^']*)'")


def slowest_models(log_text: str, count: int) -> list[tuple[str, float]]:
    """The `count` models that took longest in the last `dbt run
    --full-refresh` of a dbt log file (which holds several invocations):
    (model, seconds), longest first."""
    full_runs = [
        part
        for part in re.split(r"(?=Running with dbt=)", _strip_colours(log_text))
        if (command := _COMMAND.search(part))
        and command[1].startswith("dbt run ")
        and "--full-refresh" in command[1].split()
    ]
    times = {
        match[1]: float(match[2]) for match in _DONE.findall(full_runs[-1] if full_runs else "")
    }
    return sorted(times.items(), key=lambda item: (-item[1], item[0]))[:count]


def dbt_log_text(folder: Path) -> str:
    """The dbt log of a folder, oldest first: dbt rotates `dbt.log` at
    10 MB into `dbt.log.1`, `dbt.log.2`, ... (the higher, the older), so a
    benchmark's full run may sit in a rotated file."""
    rotated = sorted(
        (path for path in folder.glob("dbt.log.*") if path.suffix[1:].isdigit()),
        key=lambda path: -int(path.suffix[1:]),
    )
    return "".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in [*rotated, folder / "dbt.log"]
        if path.exists()
    )


def _strip_colours(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def compiled_sql(target: Path, model: str) -> str:
    """The compiled SQL of `model` under a dbt target folder."""
    found = sorted((target / "compiled").rglob(f"{model}.sql"))
    if not found:
        raise SystemExit(f"no compiled SQL of {model} under {target}/compiled")
    return found[0].read_text(encoding="utf-8")


def explain(con: duckdb.DuckDBPyConnection, model: str, sql: str) -> tuple[str, float]:
    """EXPLAIN ANALYZE of building `sql` as a scratch table: the plan as
    text and the wall seconds."""
    con.execute(f"create schema if not exists {SCRATCH}")
    started = time.perf_counter()
    rows = con.execute(
        f"explain analyze create or replace table {SCRATCH}.{sql_ident(model)} as (\n{sql}\n)"
    ).fetchall()
    seconds = time.perf_counter() - started
    con.execute(f"drop table if exists {SCRATCH}.{sql_ident(model)}")
    # the plan without DuckDB's echo of the query (the compiled SQL, on one line)
    plan = "\n".join(
        line
        for row in rows
        for line in str(row[-1]).splitlines()
        if not line.lstrip().lower().startswith("explain analyze")
    )
    return plan, seconds


def duckdb_settings(environ: dict[str, str], profiles: Path = ROOT / "profiles.yml") -> dict:
    """The DuckDB settings and config options of profiles.yml's `dev` target
    (what the benchmark's dbt runs use), their env_var() calls rendered from
    `environ`."""
    target = yaml.safe_load(profiles.read_text(encoding="utf-8"))["ecommerce_kpis"]["outputs"][
        "dev"
    ]
    render = jinja2.Environment(undefined=jinja2.StrictUndefined).from_string
    values = {**target.get("config_options", {}), **target.get("settings", {})}
    return {
        name: render(str(value)).render(env_var=lambda key, default=None: environ.get(key, default))
        for name, value in values.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kpi_devtools.profile_models", description=__doc__)
    parser.add_argument("models", nargs="*", help="model names")
    parser.add_argument("--tier", required=True, help="the benchmark tier (S, M, L)")
    parser.add_argument("--slowest", type=int, default=0, help="also the N slowest models")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "profiles")
    args = parser.parse_args(argv)
    work = args.work / args.tier
    database = work / "kpi.duckdb"
    if not database.exists():
        raise SystemExit(f"no benchmark database {database}: run make bench TIER={args.tier}")
    models = dict.fromkeys(args.models)
    timed: dict[str, float] = {}
    if args.slowest:
        timed = dict(slowest_models(dbt_log_text(work / "logs"), args.slowest))
        models.update(dict.fromkeys(timed))
    if not models:
        parser.error("name models or give --slowest N")

    target = work / "target_profile"
    variables = json.dumps({"raw_data_path": str(work / "raw")})
    env = {
        **os.environ,
        "KPI_DUCKDB_PATH": str(database),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    compile_command = [
        str(BIN / "dbt"), "compile", "--full-refresh", "--select", *models, "--vars", variables,
        "--target-path", str(target), "--log-path", str(work / "logs_profile"),
        "--project-dir", str(ROOT), "--profiles-dir", str(ROOT),
    ]  # fmt: skip
    subprocess.run(compile_command, cwd=ROOT, env=env, check=True, capture_output=True)

    out = args.out / args.tier
    out.mkdir(parents=True, exist_ok=True)
    config = duckdb_settings({**env, "KPI_DUCKDB_TEMP_DIRECTORY": str(work / "duckdb_tmp")})
    with duckdb.connect(str(database), config=config) as con:
        for model in models:
            plan, seconds = explain(con, model, compiled_sql(target, model))
            header = [
                f"-- EXPLAIN ANALYZE of {model}'s full build, tier {args.tier}",
                f"-- {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {seconds:.1f} s here"
                + (f"; {timed[model]:.1f} s in the benchmark's dbt run" if model in timed else ""),
            ]
            (out / f"{model}.txt").write_text("\n".join([*header, plan, ""]), encoding="utf-8")
            print(f"{model}: {seconds:.1f} s -> {out / f'{model}.txt'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
