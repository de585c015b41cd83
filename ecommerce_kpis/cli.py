"""The ``ecommerce-kpis`` command: demo data, publishing for BI, alerts, Power BI, real-data adapters.

One sub-command per task, each a function ``cmd_<name>(args) -> exit code``
below; ``ecommerce-kpis <command> --help`` describes its options. Commands
import their module when they run, so ``--help`` and the light commands do not
load pandas, psycopg or the generator.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

Command = Callable[[argparse.Namespace], int]


def cmd_generate(args: argparse.Namespace) -> int:
    """Write the demo shop's raw tables (deterministic for a seed and scale)."""
    from ecommerce_kpis.demo.generate import Config, generate, write

    if args.scale <= 0 or args.months <= 0:
        args.parser.error("--scale and --months must be positive")
    prefix = args.prefix if args.prefix is not None else ("raw_" if args.format == "csv" else "")
    started = time.perf_counter()
    config = Config(seed=args.seed, scale=args.scale, start=args.start, months=args.months)
    tables = generate(config)
    build_vars = None
    if args.shape == "contract":
        paths = write(tables, args.out, fmt=args.format, prefix=prefix)
    elif args.shape == "stack":
        from ecommerce_kpis.demo.shapes import STACK, stack_vars, write_shapes

        paths = write_shapes(STACK, tables, args.out, fmt=args.format)
        build_vars = stack_vars(args.out.resolve())
    else:
        from ecommerce_kpis.demo.shapes import write_shape

        paths = write_shape(args.shape, tables, args.out, fmt=args.format)
    elapsed = time.perf_counter() - started
    rows = sum(len(df) for df in tables.values())
    size = sum(p.stat().st_size for p in paths)
    print(
        f"wrote {len(paths)} tables, {rows:,} rows, {size / 1e6:.1f} MB "
        f"to {args.out} in {elapsed:.1f} s"
    )
    if build_vars:
        import yaml

        vars_file = args.out / "dbt_vars.yml"
        vars_file.write_text(yaml.safe_dump(build_vars, sort_keys=False), encoding="utf-8")
        print(f'build it with: dbt build --vars "$(cat {vars_file})"')
    return 0


def cmd_tier(args: argparse.Namespace) -> int:
    """Write a benchmark tier as typed Parquet parts."""
    from ecommerce_kpis.demo.tiers import write_tier

    out = args.out or Path("data") / "tiers" / args.name
    print(json.dumps(write_tier(args.name, out, args.seed, args.workers), indent=2))
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    """Publish the marts of a green build for BI (read-only DuckDB file and Parquet)."""
    from ecommerce_kpis.publish import PublishRefused, publish

    try:
        report = publish(args.database, args.out, args.run_results)
    except PublishRefused as refused:
        print(f"not published: {refused}", file=sys.stderr)
        return 1
    print(
        f"published {len(report.tables)} tables in {report.seconds:.1f} s: "
        f"{report.database} ({report.database_bytes / 1e6:.1f} MB, read-only) and "
        f"{report.parquet}/ ({report.parquet_bytes / 1e6:.1f} MB of Parquet)"
    )
    return 0


def cmd_dashboard(args: argparse.Namespace) -> int:
    """Write the self-contained HTML dashboard from the published copy."""
    from ecommerce_kpis.dashboard import DashboardError, build

    try:
        report = build(args.published, args.out, args.refresh)
    except DashboardError as error:
        print(f"dashboard not written: {error}", file=sys.stderr)
        return 1
    print(
        f"wrote {report.page} ({report.bytes / 1e3:.0f} kB): {report.kpis} KPIs, "
        f"{report.alerts} in alert, data through {report.data_through}"
    )
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    """Rebuild, publish and redraw the dashboard whenever new export parts land."""
    import logging
    import signal

    from ecommerce_kpis.watch import (
        Settings,
        WatchError,
        dbt_executable,
        load_vars,
        parse_duration,
        watch,
        watched,
    )

    try:
        every = parse_duration(args.every)
        if args.refresh < 0:
            raise WatchError(
                f"--refresh must be 0 (off) or a number of seconds, got {args.refresh}"
            )
        variables = load_vars(args.vars_file, args.vars)
        settings = Settings(
            variables=variables,
            watched=watched(variables),
            published=args.published,
            database=args.database,
            refresh=args.refresh,
        )
        dbt_executable()
    except WatchError as error:
        args.parser.error(str(error))
    handler = logging.StreamHandler(sys.stderr)
    formatter = logging.Formatter("%(asctime)sZ %(levelname)s %(message)s", "%Y-%m-%dT%H:%M:%S")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    logger = logging.getLogger("ecommerce_kpis.watch")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # systemd and cron stop a service with SIGTERM: stop as on Ctrl-C
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        return watch(settings, every, once=args.once)
    finally:
        signal.signal(signal.SIGTERM, previous)
        logger.removeHandler(handler)


def cmd_alerts(args: argparse.Namespace) -> int:
    """Deliver the KPI alerts that are new since the previous build (docs/alerts.md)."""
    import logging

    from ecommerce_kpis.alerts import WEBHOOK_ENV, AlertsError, deliver

    logging.basicConfig(format="%(levelname)s: %(message)s")
    if args.timeout <= 0:
        args.parser.error("--timeout must be positive")
    webhook = os.environ.get(WEBHOOK_ENV, "").strip() or None
    try:
        report = deliver(args.published, webhook, args.timeout)
    except AlertsError as error:
        print(f"alerts not delivered: {error}", file=sys.stderr)
        return 1
    names = ", ".join(alert.kpi_name for alert in report.new_alerts) or "none"
    print(
        f"{len(report.open_alerts)} open KPI alerts, {len(report.new_alerts)} new since "
        f"the previous build ({names}); new ones are appended to {report.alerts_file}"
    )
    if report.posted is not None:
        print("posted to the webhook" if report.posted else "the webhook post failed (see above)")
    elif webhook is None:
        print(f"webhook: off (set {WEBHOOK_ENV} to post new alerts)")
    return 0


def cmd_publish_postgres(args: argparse.Namespace) -> int:
    """Publish the marts of a green build into a PostgreSQL serving schema."""
    import psycopg

    from ecommerce_kpis.publish import PublishRefused
    from ecommerce_kpis.serve_postgres import UnsupportedType, publish_postgres

    try:
        report = publish_postgres(
            args.database,
            schema=args.schema,
            reader_role=args.reader_role,
            reader_password=os.environ.get("KPI_PG_READER_PASSWORD") or None,
            run_results=args.run_results,
            manifest=args.manifest,
        )
    except PublishRefused as refused:
        print(f"not published: {refused}", file=sys.stderr)
        return 1
    except (psycopg.Error, UnsupportedType, ValueError) as error:
        print(f"not published to PostgreSQL: {error}", file=sys.stderr)
        return 1
    print(
        f"published {len(report.tables)} tables, {sum(report.tables.values()):,} rows "
        f"to PostgreSQL schema {report.schema} in {report.seconds:.1f} s "
        f"(publish id {report.publish_id})"
    )
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def cmd_powerbi(args: argparse.Namespace) -> int:
    """Generate the Power BI project (PBIP, TMDL) from the dbt artifacts."""
    from ecommerce_kpis import powerbi

    try:
        counts = powerbi.generate(args.target, args.out, args.mode)
    except powerbi.ModelError as error:
        print(f"Power BI project not generated: {error}", file=sys.stderr)
        return 1
    print(f"wrote {args.out}/ ({args.mode}): " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


def cmd_adapt_online_retail(args: argparse.Namespace) -> int:
    """Map a UCI Online Retail II export onto the project's raw tables."""
    from ecommerce_kpis.adapters.online_retail import AdapterError, adapt

    try:
        report = adapt(args.source, args.out_dir)
    except AdapterError as error:
        print(f"not adapted: {error}", file=sys.stderr)
        return 1
    print(json.dumps(report, indent=2))
    return 0


def _add(
    sub: argparse._SubParsersAction,
    name: str,
    command: Command,
    summary: str,
    description: str | None = None,
) -> argparse.ArgumentParser:
    """A sub-command: ``summary`` in the command list, ``description`` in its --help."""
    parser = sub.add_parser(name, help=summary, description=description or summary)
    parser.set_defaults(command=command, parser=parser)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The parser of every sub-command (one ``_add`` block per command)."""
    parser = argparse.ArgumentParser(
        prog="ecommerce-kpis",
        description="Demo data, publishing for BI, Power BI, real-data adapters: "
        "one sub-command each; `ecommerce-kpis <command> --help` for its options.",
    )
    sub = parser.add_subparsers(title="commands", metavar="<command>", required=True)

    gen = _add(sub, "generate", cmd_generate, "write demo raw tables")
    gen.add_argument("--out", type=Path, default=Path("seeds/raw"), help="output folder")
    gen.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    gen.add_argument("--scale", type=float, default=1.0, help="size factor, 1 = the demo seeds")
    gen.add_argument("--months", type=int, default=18, help="months of history")
    gen.add_argument("--start", default="2025-01-01", help="first local day (YYYY-MM-DD)")
    gen.add_argument("--format", choices=["csv", "parquet"], default="csv")
    gen.add_argument(
        "--shape",
        choices=[
            "contract",
            "shopify_fivetran",
            "shopify_csv",
            "woocommerce",
            "google_ads_fivetran",
            "facebook_ads_fivetran",
            "klaviyo_fivetran",
            "ga4_bigquery",
            "stack",
        ],
        default="contract",
        help="contract: the raw tables; a loader's shape: its tables in OUT/<shape>/ "
        "for var source_adapters and the other raw tables in OUT/raw/ for var raw_data_path; "
        "stack: a shop's whole stack in loaders' shapes at once (docs/walkthrough.md)",
    )
    gen.add_argument(
        "--prefix",
        default=None,
        help="file name prefix; default 'raw_' for csv (seed names), '' for parquet",
    )

    pub = _add(sub, "publish", cmd_publish, "publish the marts of a green build for BI")
    pub.add_argument(
        "--database",
        type=Path,
        default=Path("build/ecommerce_kpis.duckdb"),
        help="working database",
    )
    pub.add_argument("--out", type=Path, default=Path("build/published"), help="published folder")
    pub.add_argument(
        "--run-results",
        type=Path,
        default=Path("target/run_results.json"),
        help="dbt run results of the build; publishing is refused unless all passed",
    )

    dash = _add(
        sub,
        "dashboard",
        cmd_dashboard,
        "write the KPI dashboard (one self-contained HTML file) from the published copy",
        description="Reads <published>/ecommerce_kpis.duckdb (ecommerce-kpis publish) and "
        "writes index.html, swapped in atomically; open it in any browser (docs/dashboard.md).",
    )
    dash.add_argument(
        "--published", type=Path, default=Path("build/published"), help="published folder"
    )
    dash.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder of index.html (default <published>/dashboard)",
    )
    dash.add_argument(
        "--refresh",
        type=int,
        default=0,
        metavar="SECONDS",
        help="the page reloads itself every SECONDS (default 0: never)",
    )

    wat = _add(
        sub,
        "watch",
        cmd_watch,
        "rebuild, publish and redraw the dashboard when new export parts land",
        description="Every --every, fingerprints the files under the vars' raw_data_path and "
        "source_adapters paths; when any is new, changed or removed, runs dbt build (dev "
        "target, into --database), ecommerce-kpis publish and the dashboard. A failed cycle "
        "keeps the published files and page. Logs to stderr (docs/operations.md).",
    )
    wat.add_argument(
        "--every", default="15m", help="interval between checks: 30s, 15m, 1h (default 15m)"
    )
    wat.add_argument(
        "--once", action="store_true", help="run one cycle; exit 0, or 1 if it failed (cron)"
    )
    wat.add_argument(
        "--refresh",
        type=int,
        default=0,
        metavar="SECONDS",
        help="the dashboard reloads itself every SECONDS (default 0: never)",
    )
    given = wat.add_mutually_exclusive_group()
    given.add_argument("--vars-file", type=Path, help="the build's dbt vars as YAML (dbt_vars.yml)")
    given.add_argument(
        "--vars", help="the build's dbt vars as JSON or YAML, as dbt build takes them"
    )
    wat.add_argument(
        "--published", type=Path, default=Path("build/published"), help="published folder"
    )
    wat.add_argument(
        "--database",
        type=Path,
        default=Path("build/ecommerce_kpis.duckdb"),
        help="working database dbt builds",
    )

    alr = _add(
        sub,
        "alerts",
        cmd_alerts,
        "append the KPI alerts new since the previous build to a JSON lines file; post them",
        description="Reads the open alerts of the published copy, appends those new since "
        "the previous run to <published>/alerts/new_alerts.jsonl and, when "
        'KPI_ALERT_WEBHOOK_URL is set, posts them there as {"text": ...}; a failed '
        "post is logged and the exit code stays 0 (docs/alerts.md).",
    )
    alr.add_argument(
        "--published", type=Path, default=Path("build/published"), help="published folder"
    )
    alr.add_argument(
        "--timeout", type=float, default=10.0, help="seconds to wait for the webhook (default 10)"
    )

    pgp = _add(
        sub,
        "publish-postgres",
        cmd_publish_postgres,
        "publish the marts of a green build into a PostgreSQL serving schema",
        description="Connection from KPI_PG_DSN, or libpq's PGHOST, PGPORT, PGDATABASE, "
        "PGUSER and PGPASSWORD; the BI role's password (when the role is created or "
        "reset) from KPI_PG_READER_PASSWORD.",
    )
    pgp.add_argument("--database", type=Path, default=Path("build/ecommerce_kpis.duckdb"))
    pgp.add_argument("--run-results", type=Path, default=Path("target/run_results.json"))
    pgp.add_argument("--manifest", type=Path, default=Path("target/manifest.json"))
    pgp.add_argument("--schema", default=os.environ.get("KPI_PG_SCHEMA", "kpi"))
    pgp.add_argument("--reader-role", default=os.environ.get("KPI_PG_READER_ROLE", "kpi_reader"))

    pbi = _add(
        sub,
        "powerbi",
        cmd_powerbi,
        "generate the Power BI project (PBIP, TMDL) from the dbt artifacts",
    )
    pbi.add_argument("--target", type=Path, default=Path("target"), help="dbt target folder")
    pbi.add_argument("--out", type=Path, default=Path("powerbi"), help="PBIP folder (replaced)")
    pbi.add_argument(
        "--mode",
        choices=["import", "directQuery"],
        default="import",
        help="import: PostgreSQL or Parquet by parameter; directQuery: PostgreSQL only",
    )

    uci = _add(
        sub,
        "adapt-online-retail",
        cmd_adapt_online_retail,
        "map a UCI Online Retail II export onto the project's raw tables",
        description="Writes <table>.parquet files for dbt's var raw_data_path and prints "
        "the report (what was mapped, passed to the quarantine, set aside) as JSON. "
        "Decisions: docs/online_retail.md.",
    )
    uci.add_argument("source", type=Path, help="the export (.parquet or .csv)")
    uci.add_argument("out_dir", type=Path, help="folder for <table>.parquet (replaced)")

    tier = _add(sub, "tier", cmd_tier, "write a benchmark tier (S, M or L) as typed Parquet parts")
    tier.add_argument(
        "name", choices=["S", "M", "L"], help="S = demo, M = 30 M, L = 300 M sessions"
    )
    tier.add_argument("--out", type=Path, help="folder (replaced); default data/tiers/<name>")
    tier.add_argument("--seed", type=int, default=42)
    tier.add_argument("--workers", type=int, default=2, help="processes drawing shards")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.command(args)


if __name__ == "__main__":
    sys.exit(main())
