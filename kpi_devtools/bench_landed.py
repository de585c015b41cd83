"""Build time of a tier in a loader's landed shape (issue 18).

    python -m kpi_devtools.bench_landed --tier M --shape shopify_fivetran [--baseline]

The benchmark (``kpi_devtools.bench``) builds a tier from the raw tables of
the contract. A shop with a source adapter has its loader's tables instead;
this times the same full build on those:

1. the tier (generated when missing), without its held-back last day, is
   converted into the shape, as ``generate --shape`` writes the demo
   (``ecommerce_kpis.demo.shapes.write_shape``):
   - the tables the adapter fills are read as the generator's text frames
     and written by the shape's ``landed()`` into ``<work>/data/<shape>/``;
   - every other raw table goes to ``<work>/data/raw/``: rewritten with
     DuckDB where a column points at a table the adapter fills (its ids
     prefixed as the adapter prefixes them, ``shopify:K0000O0000001``),
     linked as it is otherwise; ``fx_rates`` from the shape's ``fx_rates()``;
2. ``dbt seed``, ``dbt run --full-refresh``, ``dbt test`` with the vars
   ``source_adapters`` and ``raw_data_path``, each step timed with its peak
   memory (``bench.measure``);
3. with ``--baseline``, the same three steps on the contract shape of the
   same tier, for a comparison on the same machine and commit.

Results go to ``bench/results/<tier>-<shape>.json`` (beside, never over,
``<tier>.json``).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd

from ecommerce_kpis import schema
from ecommerce_kpis.demo.generate import write
from ecommerce_kpis.demo.shapes import SHAPES, _references
from ecommerce_kpis.demo.shop import TS_FORMAT
from ecommerce_kpis.demo.tiers import TIERS, write_tier
from ecommerce_kpis.sql_names import sql_ident, sql_literal
from kpi_devtools.bench import ROOT, _machine, dbt, link_raw, measure, summarise


def tier_files(tier_dir: Path, table: str, last_day: bool = False) -> list[Path]:
    """The Parquet files of `table` in a tier folder, in name order (with
    the held-back last day's parts at the end when `last_day`)."""
    files = []
    for base in [tier_dir, tier_dir / "_append"] if last_day else [tier_dir]:
        if (base / f"{table}.parquet").exists():
            files.append(base / f"{table}.parquet")
        files += sorted((base / table).glob("*.parquet"))
    return files


def read_text(tier_dir: Path, table: str, last_day: bool = False) -> pd.DataFrame:
    """A raw table of a tier as the demo generator's text frame
    (``generate._format``): timestamps ``2025-01-01 10:00:00``, 2-decimal
    money, integers as text, missing values None."""
    items = []
    for column, kind in schema.RAW_TABLES[table]:
        name = sql_ident(column)
        if kind == "timestamp":
            expression = f"strftime({name}, {sql_literal(TS_FORMAT)})"
        else:
            expression = f"cast({name} as varchar)"
        items.append(f"{expression} as {name}")
    files = ", ".join(sql_literal(f) for f in tier_files(tier_dir, table, last_day))
    con = duckdb.connect()
    con.execute("set enable_progress_bar = false")
    frame = con.execute(f"select {', '.join(items)} from read_parquet([{files}])").df()
    con.close()
    return frame.astype(object).where(frame.notna(), None)


def convert(tier_dir: Path, shape: str, out: Path) -> dict:
    """Write the tier (without its last day) in landed `shape` into
    ``out/<shape>/`` and ``out/raw/``; returns seconds and rows written."""
    module = SHAPES[shape]
    if hasattr(module, "source_ids") or hasattr(module, "elsewhere"):
        raise NotImplementedError(f"shape {shape}: source_ids/elsewhere are not converted yet")
    if hasattr(module, "write_landed"):
        raise NotImplementedError(f"shape {shape}: its own file writer is not converted yet")
    if out.exists():
        shutil.rmtree(out)
    seconds = {}
    start = time.perf_counter()
    tables = {name: read_text(tier_dir, name) for name in module.FILLS}
    seconds["read"] = time.perf_counter() - start

    start = time.perf_counter()
    landed = module.landed(tables)
    seconds["landed"] = time.perf_counter() - start

    start = time.perf_counter()
    write(landed, out / shape, fmt=getattr(module, "FORMAT", "parquet"))
    write({"fx_rates": module.fx_rates(tables)}, out / "raw", fmt="parquet")
    seconds["write_landed"] = time.perf_counter() - start
    landed_rows = {name: len(frame) for name, frame in landed.items()}
    del tables, landed

    start = time.perf_counter()
    left_out = set(module.FILLS) | set(getattr(module, "OMITS", ())) | {"fx_rates"}
    prefix = sql_literal(module.PLATFORM + ":")
    con = duckdb.connect()
    con.execute("set enable_progress_bar = false")
    for name in schema.RAW_TABLES:
        if name in left_out:
            continue
        references = _references(schema.raw_table(name))
        pointers = [column for column, parent in references.items() if parent in module.FILLS]
        replace = ", ".join(f"{prefix} || {sql_ident(c)} as {sql_ident(c)}" for c in pointers)
        for source in tier_files(tier_dir, name):
            target = out / "raw" / source.relative_to(tier_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            if not pointers:
                target.symlink_to(source.resolve())
                continue
            con.execute(
                f"copy (select * replace ({replace}) from read_parquet({sql_literal(source)})) "
                f"to {sql_literal(target)} "
                "(format parquet, compression zstd, row_group_size 1000000)"
            )
    con.close()
    seconds["raw"] = time.perf_counter() - start
    return {
        "seconds": {step: round(s, 1) for step, s in seconds.items()},
        "landed_rows": landed_rows,
    }


def full_build(vars_: dict, work: Path, label: str) -> dict:
    """``dbt seed``, ``dbt run --full-refresh``, ``dbt test`` into a fresh
    database in `work`, each step timed (``bench.measure``)."""
    work.mkdir(parents=True, exist_ok=True)
    log = work / "dbt.log"
    log.write_text("")
    for stale in work.glob("kpi.duckdb*"):
        stale.unlink()
    env = {
        "KPI_DUCKDB_PATH": str(work / "kpi.duckdb"),
        "KPI_DUCKDB_TEMP_DIRECTORY": str(work / "duckdb_tmp"),
        "KPI_LANDING_DIR": str(work / "landing"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    variables = ["--vars", json.dumps(vars_)]
    target = ["--target-path", str(work / "target"), "--log-path", str(work / "logs")]
    steps = {}
    for name, command in (
        ("seed", dbt("seed", *target)),
        ("full_run", dbt("run", "--full-refresh", *variables, *target)),
        ("full_test", dbt("test", *variables, *target)),
    ):
        print(f"[{label}] {name} ...", flush=True)
        steps[name] = measure(command, env, log, check=name == "seed")
        steps[name]["dbt"] = _last_summary(log)
        print(f"[{label}] {name}: {steps[name]}", flush=True)
    return {"steps": steps, "summary": summarise(steps)}


def _last_summary(log: Path) -> str:
    """dbt's last ``Done. PASS=... ERROR=...`` line in the log."""
    done = re.findall(r"Done\. PASS=.*", log.read_text())
    return done[-1].strip() if done else ""


def run(tier: str, shape: str, data: Path, out: Path, work: Path, baseline: bool) -> dict:
    tier = tier.upper()
    tier_dir = data / tier
    if not (tier_dir / "_tier.json").exists():
        print(f"generating tier {tier} into {tier_dir} ...", flush=True)
        write_tier(tier, tier_dir)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    results: dict = {"tier": tier, "shape": shape, "commit": commit, "machine": _machine()}
    results["data"] = json.loads((tier_dir / "_tier.json").read_text())

    print(f"[{tier}] converting into {shape} ...", flush=True)
    start = time.perf_counter()
    landed = work / "data"
    results["conversion"] = convert(tier_dir, shape, landed)
    results["conversion"]["seconds"]["total"] = round(time.perf_counter() - start, 1)
    print(f"[{tier}] converted: {results['conversion']['seconds']}", flush=True)

    vars_ = {
        "source_adapters": {shape: {"path": str(landed / shape)}},
        "raw_data_path": str(landed / "raw"),
    }
    results.update(full_build(vars_, work / "build", f"{tier} {shape}"))
    if baseline:
        raw = work / "contract_raw"
        link_raw(tier_dir, raw)
        results["baseline_contract"] = full_build(
            {"raw_data_path": str(raw)}, work / "build_contract", f"{tier} contract"
        )
    reference = out / f"{tier}.json"
    if reference.exists():
        earlier = json.loads(reference.read_text())
        results["compared_with"] = {
            "file": reference.name,
            "date": earlier["machine"]["date"],
            "steps": {k: earlier["steps"][k] for k in ("seed", "full_run", "full_test")},
            "full_build_s": earlier["summary"]["full_build_s"],
        }
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{tier}-{shape}.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps({k: results[k] for k in ("conversion", "summary")}, indent=2))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kpi_devtools.bench_landed", description=__doc__)
    parser.add_argument("--tier", choices=sorted(TIERS), required=True)
    parser.add_argument("--shape", choices=sorted(SHAPES), default="shopify_fivetran")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "tiers", help="tier folders")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument(
        "--baseline", action="store_true", help="also time the contract shape's full build"
    )
    args = parser.parse_args(argv)
    try:
        run(
            args.tier,
            args.shape,
            args.data,
            args.out,
            args.work / f"{args.tier.upper()}-{args.shape}",
            args.baseline,
        )
    except RuntimeError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
