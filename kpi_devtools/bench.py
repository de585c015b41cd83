"""Benchmark: the dbt project against the three references, per data tier.

    python -m kpi_devtools.bench --tier M      (make bench TIER=M)
    python -m kpi_devtools.bench --chart       (docs/benchmark.svg and the README's table)
    python -m kpi_devtools.bench --tier L --add-floor   (the floor alone, into L's result)

One run, on one tier (``ecommerce_kpis.demo.tiers``; generated when missing):

1. the tier without its held-back last day is linked into a raw folder;
2. ``dbt seed`` (reference targets and the demo seeds),
   ``dbt run --full-refresh``, then ``dbt test`` of the data tests: the full
   build (the unit tests pin the code and are CI's, D110);
3. the last day is appended as new part files; one ``dbt build`` of the
   models (incremental) and data tests: the daily build, as the watch runs
   it (its tests read what it rewrote, D113);
4. reference (a), the limit: one hand-written DuckDB query per KPI straight
   from the raw Parquet (``kpi_devtools.references.duckdb_sql``);
5. the floor: every raw table written once into a DuckDB file as it is
   (``kpi_devtools.references.floor``), no typing, no checks, no KPIs: what
   a pipeline that keeps every raw row in a table cannot go below;
6. reference (b), what an analyst would write: the same KPIs in pandas
   (``kpi_devtools.references.pandas_kpis``), and reference (c), what a data
   engineer picks over pandas today: the same KPIs in lazy Polars
   (``kpi_devtools.references.polars_kpis``); each skipped when the tier's
   sessions would not fit in memory;
7. every reference is compared with the marts, row by row: a benchmark of
   different answers would mean nothing.

Every step runs in its own process, timed on the wall clock, with its peak
resident memory (the process tree's largest, from ``getrusage``). Results go
to ``bench/results/<tier>.json`` and the summary table is printed. The full
build on a loader's landed shape instead: ``kpi_devtools.bench_landed``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

from ecommerce_kpis.demo.tiers import TIERS, write_tier
from ecommerce_kpis.watch import PRODUCTION_BUILD_FLAGS

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# peak bytes per session of the in-memory references, for the memory guard:
# their peak RSS at M (30 M sessions, 2026-11-30) was 6,619 MiB (pandas) and
# 6,359 MiB (Polars)
BYTES_PER_SESSION = {"pandas": 231, "polars": 222}

# runs a command and prints its wall time and the peak RSS of its process tree
_MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:]).returncode
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": code, "seconds": time.perf_counter() - start,
                  "peak_mb": usage.ru_maxrss / 1024}), file=sys.stderr)
"""


def measure(command: list[str], env: dict[str, str], log: Path, check: bool = True) -> dict:
    """Run `command` in a child process; its wall time and peak memory (and,
    with ``check=False``, its exit code instead of an error when it fails)."""
    with log.open("a") as out:
        out.write(f"\n$ {' '.join(command)}\n")
        out.flush()
        done = subprocess.run(
            [sys.executable, "-c", _MEASURE, *command],
            env={**os.environ, **env},
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    lines = done.stderr.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"benchmark step failed to run: {command}\n{done.stderr[-2000:]}")
    result = json.loads(lines[-1])
    if result["code"] != 0 and check:
        raise RuntimeError(f"step failed (exit {result['code']}): {' '.join(command)}; see {log}")
    measured = {"seconds": round(result["seconds"], 1), "peak_mb": round(result["peak_mb"])}
    return measured if result["code"] == 0 else {**measured, "exit_code": result["code"]}


def link_raw(tier_dir: Path, raw: Path) -> None:
    """The tier without `_append`, as symlinks (no copy of the data)."""
    if raw.exists():
        shutil.rmtree(raw)
    raw.mkdir(parents=True)
    for item in tier_dir.iterdir():
        if item.name.startswith("_"):
            continue
        if item.is_dir():
            (raw / item.name).mkdir()
            for part in item.iterdir():
                (raw / item.name / part.name).symlink_to(part.resolve())
        else:
            (raw / item.name).symlink_to(item.resolve())


def append_day(tier_dir: Path, raw: Path) -> int:
    """Link the held-back last day into the raw folder as new parts."""
    parts = 0
    for table_dir in (tier_dir / "_append").iterdir():
        for part in table_dir.iterdir():
            (raw / table_dir.name / f"day-{part.name}").symlink_to(part.resolve())
            parts += 1
    return parts


def dbt(*args: str) -> list[str]:
    return [str(BIN / "dbt"), *args, "--project-dir", str(ROOT), "--profiles-dir", str(ROOT)]


def run_tier(
    tier: str, data: Path, out: Path, work: Path, pandas: str = "auto", polars: str = "auto"
) -> dict:
    tier = tier.upper()
    tier_dir = data / tier
    results: dict = {"tier": tier, "machine": _machine()}
    if not (tier_dir / "_tier.json").exists():
        print(f"generating tier {tier} into {tier_dir} ...", flush=True)
        write_tier(tier, tier_dir)
    results["data"] = json.loads((tier_dir / "_tier.json").read_text())
    work.mkdir(parents=True, exist_ok=True)
    log = work / "bench.log"
    log.write_text("")
    raw = work / "raw"
    link_raw(tier_dir, raw)
    database = work / "kpi.duckdb"
    for stale in work.glob("kpi.duckdb*"):
        stale.unlink()
    # dbt's partial parse from a run of other code: each benchmark parses its
    # project whole (a stale one can also stop the parse, e.g. macro docs
    # that moved to another file)
    (work / "target" / "partial_parse.msgpack").unlink(missing_ok=True)
    env = {
        "KPI_DUCKDB_PATH": str(database),
        "KPI_DUCKDB_TEMP_DIRECTORY": str(work / "duckdb_tmp"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    variables = ["--vars", json.dumps({"raw_data_path": str(raw)})]
    target = ["--target-path", str(work / "target"), "--log-path", str(work / "logs")]
    steps = {}

    out.mkdir(parents=True, exist_ok=True)
    partial = out / f"{tier}.partial.json"

    def step(name: str, command: list[str]) -> dict:
        print(f"[{tier}] {name} ...", flush=True)
        steps[name] = measure(command, env, log)
        print(f"[{tier}] {name}: {steps[name]}", flush=True)
        # steps so far, in case a long run is stopped before the end
        partial.write_text(json.dumps({**results, "steps": steps}, indent=2) + "\n")
        return steps[name]

    # with the build's vars, as a build on your own data runs: the raw
    # seeds are created without rows (D114)
    step("seed", dbt("seed", *variables, *target))
    step("full_run", dbt("run", "--full-refresh", *variables, *target))
    # the data tests of a production build; the unit tests are CI's (D110)
    step("full_test", dbt("test", *PRODUCTION_BUILD_FLAGS, *variables, *target))
    results["appended_parts"] = append_day(tier_dir, raw)
    # one `dbt build`, as the daily watch runs it: its data tests read the
    # windows its incremental models rewrote (D113)
    step("incremental_build", dbt("build", *PRODUCTION_BUILD_FLAGS, *variables, *target))

    sql_out = work / "ref_sql"
    for stale in work.glob("ref_*"):  # a skipped reference must not compare old results
        if stale.is_dir():
            shutil.rmtree(stale)
    step(
        "reference_sql",
        [
            str(BIN / "python"),
            "-m",
            "kpi_devtools.references.duckdb_sql",
            str(raw),
            "--out",
            str(sql_out),
            "--temp-directory",
            str(work / "ref_tmp"),
        ],
    )
    step("floor", floor_command(raw, work))
    sessions = results["data"]["rows_drawn"]["sessions"]
    available_gb = _memory_gb()
    for name, mode in (("pandas", pandas), ("polars", polars)):
        needed_gb = sessions * BYTES_PER_SESSION[name] / 1e9
        if mode == "never" or (mode == "auto" and needed_gb > 0.8 * available_gb):
            results[f"reference_{name}_skipped"] = (
                f"needs about {needed_gb:.0f} GB ({sessions:,} sessions x "
                f"{BYTES_PER_SESSION[name]} B), the machine has {available_gb:.0f} GB"
            )
            print(f"[{tier}] reference_{name} skipped: {results[f'reference_{name}_skipped']}")
            continue
        step(
            f"reference_{name}",
            [
                str(BIN / "python"),
                "-m",
                f"kpi_devtools.references.{name}_kpis",
                str(raw),
                "--out",
                str(work / f"ref_{name}"),
            ],
        )
    results["reference_equal"] = _compare(work, database)
    results["steps"] = steps
    results["summary"] = summarise(steps)
    (out / f"{tier}.json").write_text(json.dumps(results, indent=2) + "\n")
    partial.unlink()
    print(table([results]))
    return results


def floor_command(raw: Path, work: Path) -> list[str]:
    """The floor: every raw table written once, as it is (``references.floor``)."""
    return [
        str(BIN / "python"),
        "-m",
        "kpi_devtools.references.floor",
        str(raw),
        "--database",
        str(work / "floor.duckdb"),
        "--temp-directory",
        str(work / "floor_tmp"),
    ]


def add_floor(tier: str, data: Path, out: Path, work: Path) -> dict:
    """Measure the floor for a tier's committed result that has none (run
    before the floor existed): the same raw folder, day appended, as its
    references read; the date of this measurement is kept beside it."""
    tier = tier.upper()
    path = out / f"{tier}.json"
    results = json.loads(path.read_text())
    work.mkdir(parents=True, exist_ok=True)
    raw = work / "raw"
    link_raw(data / tier, raw)
    append_day(data / tier, raw)
    print(f"[{tier}] floor ...", flush=True)
    results["steps"]["floor"] = measure(floor_command(raw, work), {}, work / "floor.log")
    results["floor_measured_on"] = time.strftime("%Y-%m-%d")
    results["summary"] = summarise(results["steps"])
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"[{tier}] floor: {results['steps']['floor']}", flush=True)
    return results


def _compare(work: Path, database: Path) -> dict:
    """Each reference that ran (``work/ref_<name>``) against the marts."""
    from kpi_devtools.references.compare import compare

    equal = {}
    for name in ("sql", "pandas", "polars"):
        folder = work / f"ref_{name}"
        if folder.exists():
            problems = compare(folder, database)
            equal[name] = (
                "equal" if not problems else f"{len(problems)} differences: {problems[:3]}"
            )
    return equal


def summarise(steps: dict) -> dict:
    """Totals and ratios of the steps that ran (a run stopped early, e.g. for
    time, leaves out what it did not measure)."""

    def seconds(*names: str) -> float | None:
        if not all(n in steps for n in names):
            return None
        return round(sum(steps[n]["seconds"] for n in names), 1)

    full = seconds("seed", "full_run", "full_test")
    summary = {
        "full_build_s": full,
        "full_run_s": seconds("full_run"),
        # one `dbt build` since D113; before, a `dbt run` and a `dbt test`
        "incremental_build_s": seconds("incremental_build")
        or seconds("incremental_run", "incremental_test"),
        "incremental_run_s": seconds("incremental_run"),
        "reference_sql_s": seconds("reference_sql"),
        "reference_pandas_s": seconds("reference_pandas"),
        "reference_polars_s": seconds("reference_polars"),
        "floor_s": seconds("floor"),
        "peak_mb": max(s["peak_mb"] for s in steps.values()),
        "dbt_peak_mb": max(
            steps[k]["peak_mb"]
            for k in (
                "seed",
                "full_run",
                "full_test",
                "incremental_build",
                "incremental_run",
                "incremental_test",
            )
            if k in steps
        ),
    }
    if summary["incremental_run_s"] and summary["full_run_s"]:
        summary["incremental_run_share_of_full_run"] = round(
            summary["incremental_run_s"] / summary["full_run_s"], 3
        )
    if full and summary["reference_sql_s"]:
        summary["full_build_over_sql"] = round(full / summary["reference_sql_s"], 2)
        summary["full_run_over_sql"] = round(summary["full_run_s"] / summary["reference_sql_s"], 2)
    if summary["full_run_s"] and summary["floor_s"]:
        summary["full_run_over_floor"] = round(summary["full_run_s"] / summary["floor_s"], 2)
    if full and summary["reference_pandas_s"]:
        summary["pandas_over_full_build"] = round(summary["reference_pandas_s"] / full, 2)
    if full and summary["reference_polars_s"]:
        summary["polars_over_full_build"] = round(summary["reference_polars_s"] / full, 2)
    return {k: v for k, v in summary.items() if v is not None}


def load_results(folder: Path) -> list[dict]:
    """Every committed result in `folder`; a running benchmark's steps so far
    (`<tier>.partial.json`) are not a result."""
    return [
        json.loads(p.read_text())
        for p in sorted(folder.glob("*.json"))
        if not p.name.endswith(".partial.json")
    ]


def table(all_results: list[dict]) -> str:
    """A Markdown table of the summaries, one row a tier."""
    header = (
        "| tier | sessions | orders | full build (seed + run + test) | full run | incremental day "
        "(run + test) | incremental run / full run | peak memory (dbt) | (a) DuckDB SQL | "
        "full build / (a) | (b) pandas | (b) / full build | (c) polars | (c) / full build |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    rows = [header]
    for r in sorted(all_results, key=lambda r: ("SML".index(r["tier"]), r.get("shape", ""))):
        s, drawn = r["summary"], r["data"]["rows_drawn"]
        # a landed shape's full build (kpi_devtools.bench_landed) is its own row
        label = r["tier"] + (f" ({r['shape']} landed)" if r.get("shape") else "")

        def fmt(
            key: str, pattern: str = "{:.0f} s", missing: str = "not measured", s: dict = s
        ) -> str:
            return pattern.format(s[key]) if key in s else missing

        # results from before a reference existed show "-"
        frames = {}
        for name in ("pandas", "polars"):
            frames[name] = fmt(f"reference_{name}_s", missing="-")
            if f"reference_{name}_skipped" in r:
                frames[name] = "not run: " + r[f"reference_{name}_skipped"]
        incremental = fmt("incremental_build_s")
        missing = "not measured"
        if "incremental_run_s" in s:  # results from before D113: run and test apart
            incremental = fmt("incremental_run_s") + " (" + incremental + ")"
        elif "incremental_build_s" in s:
            missing = "-"
        rows.append(
            f"| {label} | {drawn['sessions']:,} | {drawn['orders']:,} | "
            f"{fmt('full_build_s')} | {fmt('full_run_s')} | {incremental} | "
            # "-" since D113: the day is one dbt build, its run not apart
            f"{fmt('incremental_run_share_of_full_run', '{:.1%}', missing)} | "
            f"{s['dbt_peak_mb'] / 1024:.1f} GB | {fmt('reference_sql_s')} | "
            f"{fmt('full_build_over_sql', '{:.1f}x', '-')} | {frames['pandas']} | "
            f"{fmt('pandas_over_full_build', '{:.2f}x', '-')} | {frames['polars']} | "
            f"{fmt('polars_over_full_build', '{:.2f}x', '-')} |"
        )
    return "\n".join(rows)


# the README's benchmark table sits between these two lines; --chart rewrites it
README_START = "<!-- benchmark table: written by make bench-chart -->"
README_END = "<!-- end of benchmark table -->"


def readme_table(all_results: list[dict]) -> str:
    """The README's short table: the tiers' own raw shape only, the targets'
    figures (full build against reference (a), the incremental day, peak
    memory) and the two in-memory references."""
    rows = [
        "| tier | sessions | full build | full build / (a) | full run / (a) "
        "| incremental day (run + test) | peak memory, dbt | (a) DuckDB SQL "
        "| floor: raw tables written once | (b) pandas | (c) Polars |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in sorted(all_results, key=lambda r: "SML".index(r["tier"])):
        if r.get("shape"):
            continue
        s = r["summary"]

        def seconds(key: str, s: dict = s, r: dict = r) -> str:
            if key in s:
                return f"{s[key]:.1f} s" if s[key] < 10 else f"{s[key]:,.0f} s"
            name = key.removeprefix("reference_").removesuffix("_s")
            return "not run (memory)" if f"reference_{name}_skipped" in r else "-"

        def ratio(key: str, s: dict = s) -> str:
            return f"{s[key]:.1f}x" if key in s else "-"

        day = seconds("incremental_build_s")
        if "incremental_run_s" in s and "incremental_build_s" in s:
            # the parts add up to the total as shown, each rounded once
            run = round(s["incremental_run_s"])
            test = round(s["incremental_build_s"]) - run
            day = f"{day} ({run:,} + {test:,})"
        rows.append(
            f"| {r['tier']} | {r['data']['rows_drawn']['sessions']:,} | "
            f"{seconds('full_build_s')} | {ratio('full_build_over_sql')} | "
            f"{ratio('full_run_over_sql')} | {day} | "
            f"{s['dbt_peak_mb'] / 1024:.1f} GB | {seconds('reference_sql_s')} | "
            f"{seconds('floor_s')} | "
            f"{seconds('reference_pandas_s')} | {seconds('reference_polars_s')} |"
        )
    return "\n".join(rows)


def write_readme_table(all_results: list[dict], readme: Path) -> None:
    """Replace the table between README_START and README_END; a README
    without both lines is an error, not a silent skip."""
    text = readme.read_text()
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        raise RuntimeError(f"{readme} has no '{README_START}' ... '{README_END}' block")
    head = text[: start + len(README_START)]
    readme.write_text(f"{head}\n{readme_table(all_results)}\n{text[end:]}")


def chart(all_results: list[dict], path: Path) -> None:
    """An SVG line chart: seconds against sessions, both on log scales, of
    the tiers' own raw shape (a landed shape's build is not on a tier's
    line: two points at one size)."""
    import math

    all_results = [r for r in all_results if not r.get("shape")]
    series = {
        "dbt full build (seed + run + test)": ("full_build_s", "#1f77b4"),
        "dbt incremental day (run + test)": ("incremental_build_s", "#2ca02c"),
        "(a) hand-written DuckDB SQL": ("reference_sql_s", "#ff7f0e"),
        "(b) pandas": ("reference_pandas_s", "#d62728"),
        "(c) polars": ("reference_polars_s", "#9467bd"),
    }
    points = sorted(all_results, key=lambda r: r["data"]["rows_drawn"]["sessions"])
    xs = [r["data"]["rows_drawn"]["sessions"] for r in points]
    values = [r["summary"][k] for r in points for k, _ in series.values() if k in r["summary"]]
    width, height, left, bottom, top, right = 720, 420, 70, 50, 20, 230
    x_lo, x_hi = math.log10(min(xs) / 2), math.log10(max(xs) * 2)
    y_lo, y_hi = math.floor(math.log10(min(values))), math.ceil(math.log10(max(values)))

    def px(x):
        return left + (math.log10(x) - x_lo) / (x_hi - x_lo) * (width - left - right)

    def py(y):
        return height - bottom - (math.log10(y) - y_lo) / (y_hi - y_lo) * (height - top - bottom)

    svg = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="sans-serif" font-size="12">',
        '<rect width="100%" height="100%" fill="white"/>',
    ]
    for e in range(y_lo, y_hi + 1):
        y = py(10**e)
        svg.append(f'<line x1="{left}" x2="{width - right}" y1="{y}" y2="{y}" stroke="#ddd"/>')
        svg.append(f'<text x="{left - 8}" y="{y + 4}" text-anchor="end">{10**e:g} s</text>')
    for r, x in zip(points, xs, strict=True):
        svg.append(
            f'<text x="{px(x)}" y="{height - bottom + 18}" text-anchor="middle">'
            f"{r['tier']}: {x / 1e6:g} M sessions</text>"
        )
    for i, (label, (key, colour)) in enumerate(series.items()):
        pts = [
            (px(x), py(r["summary"][key]))
            for r, x in zip(points, xs, strict=True)
            if key in r["summary"]
        ]
        if not pts:
            continue
        path_d = " ".join(
            f"{'M' if j == 0 else 'L'}{a:.1f},{b:.1f}" for j, (a, b) in enumerate(pts)
        )
        svg.append(f'<path d="{path_d}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for a, b in pts:
            svg.append(f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3.5" fill="{colour}"/>')
        ly = top + 20 + 22 * i
        svg.append(
            f'<line x1="{width - right + 15}" x2="{width - right + 40}" y1="{ly}" y2="{ly}" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
        svg.append(f'<text x="{width - right + 46}" y="{ly + 4}">{label}</text>')
    svg.append(
        f'<text x="{left}" y="{height - 12}">wall-clock seconds (log) against data size '
        "(log), 2-core machine</text></svg>"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(svg) + "\n")


def _memory_gb() -> float:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9
    except (ValueError, OSError):
        return 8.0


def _machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "memory_gb": round(_memory_gb(), 1),
        "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%d"),
        # dbt's threads: the profile's default unless KPI_THREADS overrides it
        "dbt_threads": os.environ.get("KPI_THREADS", "profile default"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kpi_devtools.bench", description=__doc__)
    parser.add_argument("--tier", choices=sorted(TIERS), help="tier to benchmark")
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "tiers", help="tier folders")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--pandas", choices=["auto", "always", "never"], default="auto")
    parser.add_argument("--polars", choices=["auto", "always", "never"], default="auto")
    parser.add_argument("--chart", action="store_true", help="table and SVG chart of all results")
    parser.add_argument(
        "--add-floor", action="store_true", help="only measure the floor into the tier's result"
    )
    args = parser.parse_args(argv)
    if args.add_floor:
        if not args.tier:
            parser.error("--add-floor needs --tier")
        add_floor(args.tier, args.data, args.out, args.work / args.tier)
        return 0
    if args.tier:
        try:
            run_tier(
                args.tier, args.data, args.out, args.work / args.tier, args.pandas, args.polars
            )
        except RuntimeError as error:
            print(f"benchmark failed: {error}", file=sys.stderr)
            return 1
    if args.chart or not args.tier:
        results = load_results(args.out)
        if not results:
            print(f"no results in {args.out}", file=sys.stderr)
            return 1
        chart(results, ROOT / "docs" / "benchmark.svg")
        try:
            write_readme_table(results, ROOT / "README.md")
        except RuntimeError as error:
            print(error, file=sys.stderr)
            return 1
        print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
