"""Incremental builds give the same tables as a full build.

Tier S (the demo shop as typed Parquet parts, ``ecommerce_kpis.demo.tiers``) is
built without its last day; then one delivery is appended: the held-back last
day of every event table, plus the sessions of the day before, which arrive
late (within the lookback window). An incremental ``dbt build`` must then
hold exactly what a full build of the same data holds, in every mart and
every incremental model. Tier S is the demo (test_tiers), so that full
build is the session's build from the embedded seeds (conftest: ci_build):
one pair of builds here, not three. A delivery for a date before the
window is not picked up by an incremental run: the build must stop and say
so instead of losing the rows.

The two builds are made by cycles of ``ecommerce-kpis watch`` (conftest:
incremental_builds), which test_watch reads too.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import (
    CI_DATABASE_NAME,
    CiBuild,
    build_with_vars,
    query,
    refused_vars,
    run_dbt,
)

from ecommerce_kpis import schema

# dbt builds of its own (make check leaves the module out)
pytestmark = pytest.mark.slow

INCREMENTAL_MODELS = [
    "staging.base_web_analytics__sessions",
    "staging.base_shop__orders",
    "staging.base_shop__order_lines_rows",
    "staging.base_shop__order_lines",
    "staging.base_web_analytics__product_views",
    # parents rebuilt whole, verdicts rechecked (D118)
    "staging.base_marketing__email_events",
    "staging.base_survey__nps_responses",
    # a view over the incremental base table and a table rebuilt whole (D95)
    "intermediate.int_sessions_enriched",
    "intermediate.int_session_orders",
    "intermediate.int_order_lines_priced",
    "intermediate.int_orders_enriched",
    "intermediate.int_order_lines_enriched",
    "intermediate.int_customer_days",
    # incremental by session (D105)
    "intermediate.int_session_categories",
]
# columns that name the dbt invocation, not the data
VOLATILE = {"run_id"}


def _build(folder: Path, database: Path, *extra: str, select: str | None = None):
    if select:
        extra = (*extra, "--select", select)
    return build_with_vars(
        database, {"raw_data_path": str(folder)}, database.with_suffix(".target"), extra
    )


def _tables(database: Path, names: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """The tables `names` (default: every mart and INCREMENTAL_MODELS) as
    frames in a stable order, for comparing two builds."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        if names is None:
            names = [
                f"{schema}.{table}"
                for schema, table in con.execute(
                    "select table_schema, table_name from information_schema.tables "
                    "where table_type = 'BASE TABLE' and table_schema = 'marts'"
                ).fetchall()
            ] + INCREMENTAL_MODELS
        frames = {}
        for name in names:
            frame = con.execute(f"select * from {name}").df()
            frame = frame.drop(columns=[c for c in frame.columns if c in VOLATILE])
            # structs (the raw row in transit) compare as text
            for column in frame.columns:
                if frame[column].map(lambda v: isinstance(v, dict)).any():
                    frame[column] = frame[column].map(repr)
            frames[name] = frame.sort_values(list(frame.columns)).reset_index(drop=True)
        return frames
    finally:
        con.close()


@pytest.fixture(scope="module")
def builds(incremental_builds: dict) -> dict:
    """The full build of tier S without its last day (`first`) and the
    incremental build after its delivery (`second`), both run by cycles of
    `ecommerce-kpis watch` (conftest: incremental_builds; test_watch reads
    the same cycles)."""
    return incremental_builds


def test_every_build_passes(builds: dict) -> None:
    for step in ("first", "second"):
        result = builds[step]
        assert result.success, f"{step} build failed:\n{result.output[-3000:]}"


def test_the_second_run_was_incremental(builds: dict, ci_build: CiBuild) -> None:
    """The second run compiled the incremental SQL (the settled-key check
    against the table) and added the appended day and the late sessions."""
    assert builds["late_rows"] > 0
    con = duckdb.connect(str(builds["incremental_db"]), read_only=True)
    try:
        after = con.execute("select count(*) from staging.base_web_analytics__sessions").fetchone()[
            0
        ]
    finally:
        con.close()
    assert after > builds["sessions_before"] + builds["late_rows"]
    compiled = (
        builds["incremental_db"].with_suffix(".target")
        / "compiled/ecommerce_kpis/models/staging/web_analytics/base"
        / "base_web_analytics__sessions.sql"
    ).read_text()
    assert "as dq_settled_keys" in compiled
    assert "dq_partition_date >= date '" in compiled
    full = (
        ci_build.target_path
        / "compiled/ecommerce_kpis/models/staging/web_analytics/base"
        / "base_web_analytics__sessions.sql"
    ).read_text()
    assert "dq_settled_keys" not in full


def test_incremental_equals_full_refresh(builds: dict, ci_build: CiBuild) -> None:
    incremental = _tables(builds["incremental_db"])
    full = _tables(ci_build.database)
    # where the tier's files and the seeds differ: the tier books fulfilment
    # costs as one row per key and day (their sum), the seeds row by row;
    # the quarantine summary counts the rows read (none of them rejected)
    summary = full["marts.dq_table_summary"]
    fulfilment = summary["source_table"] == "fulfilment_costs"
    assert summary.loc[fulfilment, "rejected_rows"].tolist() == [0]
    booked_file = (builds["tier"] / "fulfilment_costs.parquet").as_posix()
    con = duckdb.connect()
    booked = con.execute(f"select count(*) from read_parquet('{booked_file}')").fetchone()[0]
    con.close()
    summary.loc[fulfilment, ["raw_rows", "clean_rows"]] = booked
    full["marts.dq_table_summary"] = summary.sort_values(list(summary.columns)).reset_index(
        drop=True
    )
    assert set(incremental) == set(full)
    assert len(incremental) >= 30
    for name, frame in full.items():
        other = incremental[name]
        assert list(other.columns) == list(frame.columns), name
        assert len(other) == len(frame), f"{name}: {len(other)} rows, full build {len(frame)}"
        pd.testing.assert_frame_equal(other, frame, check_dtype=False, rtol=1e-9, atol=0, obj=name)


def test_a_build_on_own_data_leaves_the_demo_seeds_empty(
    builds: dict, ci_connection: duckdb.DuckDBPyConnection
) -> None:
    """D114. These builds read the tier's files (var raw_data_path): the raw
    seeds exist with the spec's columns and no rows. The CI build reads the
    embedded seeds and loads them."""
    con = duckdb.connect(str(builds["incremental_db"]), read_only=True)
    try:
        tables = con.execute(
            "select table_name, estimated_size from duckdb_tables() where schema_name = 'raw'"
        ).fetchall()
        columns = [row[0] for row in con.execute("describe raw.raw_sessions").fetchall()]
    finally:
        con.close()
    assert len(tables) == len(schema.raw_tables())
    assert {table for table, rows in tables if rows != 0} == set()
    assert columns == [column.name for column in schema.raw_tables()["sessions"].columns]
    assert ci_connection.execute("select count(*) from raw.raw_sessions").fetchone()[0] > 0


def test_a_delivery_older_than_the_lookback_stops_the_build(builds: dict) -> None:
    """Sessions for a day a month back are not in the window: the incremental
    build stops with the raw_rows_loaded test and names the fix."""
    work = builds["work"]
    database = work / "late" / CI_DATABASE_NAME
    database.parent.mkdir()
    shutil.copy(builds["incremental_db"], database)
    con = duckdb.connect()
    part = builds["tier"] / "sessions" / "part-0000.parquet"
    old = work / "old-session.parquet"
    con.execute(
        f"copy (select * replace ('LATE-' || session_id as session_id, "
        f"session_start_at - interval 30 day as session_start_at) "
        f"from read_parquet('{part}') limit 1) to '{old}' (format parquet)"
    )
    con.close()
    shutil.copy(old, builds["tier"] / "sessions" / "zz-old.parquet")
    try:
        result = _build(builds["tier"], database, select="base_web_analytics__sessions+1")
    finally:
        (builds["tier"] / "sessions" / "zz-old.parquet").unlink()
    assert not result.success
    test = "raw_rows_loaded_base_web_analytics__sessions_sessions"
    failed = [r["unique_id"].split(".")[2] for r in result.results if r["status"] == "fail"]
    assert test in failed, result.output
    # the compiled test, whose path dbt prints, and its failing row name the fix
    (compiled,) = (result.target_path / "compiled").rglob(f"{test}.sql")
    assert str(compiled.relative_to(result.target_path)) in result.output
    assert "dbt build --full-refresh" in compiled.read_text()


def _view_rules(database: Path, view_id: str) -> list[str | None]:
    """The dq_rule of each copy of a view id, earliest first."""
    rows = query(
        database,
        "select dq_rule from staging.base_web_analytics__product_views "
        f"where view_id = '{view_id}' order by viewed_at",
    )
    return [row[0] for row in rows]


def test_a_view_dated_before_its_late_session_is_judged_again(builds: dict) -> None:
    """RECHECK-V lands two days before the last day and DUP-V three days
    before, their sessions not yet there: quarantined as not found. Then
    RECHECK-V's session arrives, dated the last day, with a second copy of
    DUP-V on the last day whose session exists. The next run's window
    (lookback 0) starts on the last day. RECHECK-V, dated before that
    window, is judged again (D98) and passes: the window starts on its
    date. DUP-V's earlier copy stays before the window; the later copy is a
    duplicate of it, since it was kept although its session is missing.
    Both as in a full build of the same files."""
    work, tier = builds["work"], builds["tier"]
    database = work / "recheck" / CI_DATABASE_NAME
    database.parent.mkdir()
    shutil.copy(builds["incremental_db"], database)
    early_views, late_views = work / "recheck-early.parquet", work / "recheck-late.parquet"
    session_file = work / "recheck-session.parquet"
    con = duckdb.connect()
    sessions = (tier / "sessions").as_posix()
    last = con.execute(
        f"select max(session_start_at) from read_parquet('{sessions}/*.parquet')"
    ).fetchone()[0]
    view_part = sorted((tier / "product_views").glob("*.parquet"))[0]
    one_view = f"from read_parquet('{view_part}') limit 1"
    con.execute(
        f"copy ((select * replace ('RECHECK-V' as view_id, 'RECHECK-S' as session_id, "
        f"timestamp '{last}' - interval 2 day as viewed_at) {one_view}) "
        f"union all (select * replace ('DUP-V' as view_id, 'NO-SUCH-S' as session_id, "
        f"timestamp '{last}' - interval 3 day as viewed_at) {one_view})) "
        f"to '{early_views}' (format parquet)"
    )
    # the later copy keeps the copied view's own (existing) session
    con.execute(
        f"copy (select * replace ('DUP-V' as view_id, timestamp '{last}' as viewed_at) "
        f"{one_view}) to '{late_views}' (format parquet)"
    )
    con.execute(
        f"copy (select * replace ('RECHECK-S' as session_id, "
        f"timestamp '{last}' as session_start_at) "
        f"from read_parquet('{sessions}/part-0000.parquet') limit 1) "
        f"to '{session_file}' (format parquet)"
    )
    con.close()
    select = "base_web_analytics__sessions base_web_analytics__product_views"
    landed = {
        early_views: tier / "product_views" / "zz-recheck-early.parquet",
        late_views: tier / "product_views" / "zz-recheck-late.parquet",
        session_file: tier / "sessions" / "zz-recheck.parquet",
    }
    not_found = "session_id: not found in sessions"
    try:
        shutil.copy(early_views, landed[early_views])
        # a lookback that surely reaches both early views
        variables = {"raw_data_path": str(tier), "incremental_lookback_days": 5}
        first = build_with_vars(
            database, variables, database.with_suffix(".target"), ("--select", select)
        )
        assert first.success, first.output[-3000:]
        assert _view_rules(database, "RECHECK-V") == [not_found]
        assert _view_rules(database, "DUP-V") == [not_found]

        shutil.copy(late_views, landed[late_views])
        shutil.copy(session_file, landed[session_file])
        variables = {"raw_data_path": str(tier), "incremental_lookback_days": 0}
        second = build_with_vars(
            database, variables, database.with_suffix(".target"), ("--select", select)
        )
        assert second.success, second.output[-3000:]
        assert _view_rules(database, "RECHECK-V") == [None]
        assert _view_rules(database, "DUP-V") == [not_found, "view_id: duplicate"]

        full = work / "recheck-full" / CI_DATABASE_NAME
        full.parent.mkdir()
        shutil.copy(database, full)
        rebuilt = _build(tier, full, "--full-refresh", select=select)
        assert rebuilt.success, rebuilt.output[-3000:]
    finally:
        for path in landed.values():
            path.unlink(missing_ok=True)
    views = "staging.base_web_analytics__product_views"
    pd.testing.assert_frame_equal(_tables(database, [views])[views], _tables(full, [views])[views])


def _event_rules(database: Path, event_id: str) -> list[str | None]:
    rows = query(
        database,
        f"select dq_rule from staging.base_marketing__email_events where event_id = '{event_id}'",
    )
    return [row[0] for row in rows]


def test_an_event_whose_customer_arrives_later_is_judged_again(builds: dict) -> None:
    """LATE-E (customer LATE-C) and LOST-E (customer NO-SUCH-C) land ten
    days before the last day, their customers not there: quarantined as not
    found. Then LATE-C arrives (customers are rebuilt whole). The next run's
    window (lookback 0) is the last day; LATE-E, dated before it, holds a
    verdict its customers no longer give, so the window starts on its date
    (D118) and it passes. LOST-E's verdict stands. The table equals a full
    build of the same files."""
    work, tier = builds["work"], builds["tier"]
    database = work / "references" / CI_DATABASE_NAME
    database.parent.mkdir()
    shutil.copy(builds["incremental_db"], database)
    events, customers = (tier / "email_events").as_posix(), (tier / "customers").as_posix()
    (sound,) = query(
        database,
        "select event_id from staging.base_marketing__email_events "
        "where dq_rule is null order by event_id limit 1",
    )[0]
    early, customer = work / "late-customer-events.parquet", work / "late-customer.parquet"
    con = duckdb.connect()
    (last,) = con.execute(
        f"select max(event_at) from read_parquet('{events}/*.parquet')"
    ).fetchone()
    one_event = f"from read_parquet('{events}/*.parquet') where event_id = '{sound}'"
    con.execute(
        f"copy ((select * replace ('LATE-E' as event_id, 'LATE-C' as customer_id, "
        f"timestamp '{last}' - interval 10 day as event_at) {one_event}) "
        f"union all (select * replace ('LOST-E' as event_id, 'NO-SUCH-C' as customer_id, "
        f"timestamp '{last}' - interval 10 day as event_at) {one_event})) "
        f"to '{early}' (format parquet)"
    )
    con.execute(
        f"copy (select * replace ('LATE-C' as customer_id) "
        f"from read_parquet('{customers}/*.parquet') limit 1) to '{customer}' (format parquet)"
    )
    con.close()
    select = "base_shop__customers base_marketing__email_events"
    landed = {
        early: tier / "email_events" / "zz-late-customer.parquet",
        customer: tier / "customers" / "zz-late-customer.parquet",
    }
    not_found = "customer_id: not found in customers"
    try:
        shutil.copy(early, landed[early])
        variables = {"raw_data_path": str(tier), "incremental_lookback_days": 12}
        first = build_with_vars(
            database, variables, database.with_suffix(".target"), ("--select", select)
        )
        assert first.success, first.output[-3000:]
        assert _event_rules(database, "LATE-E") == [not_found]
        assert _event_rules(database, "LOST-E") == [not_found]

        shutil.copy(customer, landed[customer])
        variables = {"raw_data_path": str(tier), "incremental_lookback_days": 0}
        second = build_with_vars(
            database, variables, database.with_suffix(".target"), ("--select", select)
        )
        assert second.success, second.output[-3000:]
        assert _event_rules(database, "LATE-E") == [None]
        assert _event_rules(database, "LOST-E") == [not_found]
        # the window reached back to the rechecked event's (local) date, no
        # further
        ((event_date,),) = query(
            database,
            "select dq_partition_date from staging.base_marketing__email_events "
            "where event_id = 'LATE-E'",
        )
        (window_start,) = query(
            database,
            "select window_start from main.dq_incremental_windows "
            "where model_name = 'base_marketing__email_events' "
            "order by logged_at desc limit 1",
        )[0]
        assert window_start == event_date

        full = work / "references-full" / CI_DATABASE_NAME
        full.parent.mkdir()
        shutil.copy(database, full)
        rebuilt = _build(tier, full, "--full-refresh", select=select)
        assert rebuilt.success, rebuilt.output[-3000:]
    finally:
        for path in landed.values():
            path.unlink(missing_ok=True)
    events_table = "staging.base_marketing__email_events"
    pd.testing.assert_frame_equal(
        _tables(database, [events_table])[events_table], _tables(full, [events_table])[events_table]
    )


def test_a_late_view_or_order_of_an_old_session_is_counted(builds: dict) -> None:
    """On the last day two sessions of twenty days before, far before the window
    of int_session_categories, get late rows: OLD-A, which viewed nothing,
    a view of a product (its category: a new row, not converting); OLD-B,
    which viewed a category without buying it, a valid webshop order with a
    line of that category (its row now converting). The incremental run
    recomputes both sessions (session_categories_in_scope, D105), as a full
    build of the same files does."""
    work, tier = builds["work"], builds["tier"]
    database = work / "scope" / CI_DATABASE_NAME
    database.parent.mkdir()
    shutil.copy(builds["incremental_db"], database)
    old_a, old_b, product_a, category_b, product_b = query(
        database,
        """
        with old_sessions as (
            select session_id from staging.stg_web_analytics__sessions
            where session_date = (
                select max(session_date) - 20 from staging.stg_web_analytics__sessions
            )
        ),
        not_viewing as (
            select min(session_id) as session_id from old_sessions
            where session_id not in (
                select session_id from staging.stg_web_analytics__product_views
            )
        ),
        not_buying as (
            select session_id, category
            from intermediate.int_session_categories
            where session_id in (select session_id from old_sessions) and not is_converting
            order by session_id, category
            limit 1
        )
        select
            not_viewing.session_id,
            not_buying.session_id,
            (select min(product_id) from staging.stg_shop__products),
            not_buying.category,
            (
                select min(product_id) from staging.stg_shop__products
                where category = not_buying.category
            )
        from not_viewing, not_buying
        """,
    )[0]
    files = {table: work / f"scope-{table}.parquet" for table in ("views", "orders", "lines")}
    con = duckdb.connect()
    last = con.execute(
        f"select max(session_start_at) from read_parquet('{tier.as_posix()}/sessions/*.parquet')"
    ).fetchone()[0]

    def first_row(table: str, condition: str = "true") -> str:
        return (
            f"from read_parquet('{tier.as_posix()}/{table}/part-0000.parquet') "
            f"where {condition} limit 1"
        )

    con.execute(
        f"copy (select * replace ('LATE-VIEW' as view_id, '{old_a}' as session_id, "
        f"'{product_a}' as product_id, timestamp '{last}' as viewed_at) "
        f"{first_row('product_views')}) to '{files['views']}' (format parquet)"
    )
    webshop = "sales_channel = 'webshop' and status = 'completed' and customer_id is not null"
    con.execute(
        f"copy (select * replace ('LATE-ORDER' as order_id, '{old_b}' as session_id, "
        f"timestamp '{last}' as ordered_at, null as promotion_id) "
        f"{first_row('orders', webshop)}) to '{files['orders']}' (format parquet)"
    )
    con.execute(
        f"copy (select * replace ('LATE-LINE' as order_line_id, 'LATE-ORDER' as order_id, "
        f"'{product_b}' as product_id) "
        f"{first_row('order_lines')}) to '{files['lines']}' (format parquet)"
    )
    con.close()
    landed = {
        files["views"]: tier / "product_views" / "zz-scope.parquet",
        files["orders"]: tier / "orders" / "zz-scope.parquet",
        files["lines"]: tier / "order_lines" / "zz-scope.parquet",
    }
    try:
        for source, target in landed.items():
            shutil.copy(source, target)
        # everything, for the marts' reconciliation tests
        run = _build(tier, database)
        assert run.success, run.output[-3000:]
        full = work / "scope-full" / CI_DATABASE_NAME
        full.parent.mkdir()
        shutil.copy(database, full)
        rebuilt = _build(tier, full, "--full-refresh")
        assert rebuilt.success, rebuilt.output[-3000:]
    finally:
        for path in landed.values():
            path.unlink(missing_ok=True)
    name = "intermediate.int_session_categories"
    rows = query(
        database,
        f"select session_id, category, is_converting from {name} "
        f"where session_id in ('{old_a}', '{old_b}') order by session_id, category",
    )
    assert (old_b, category_b, True) in rows
    assert [row[0] for row in rows].count(old_a) == 1
    pd.testing.assert_frame_equal(_tables(database, [name])[name], _tables(full, [name])[name])


def _failed_tests(run) -> list[str]:
    """The names of the data tests that failed in a dbt run's output."""
    return sorted(set(re.findall(r"Failure in test (\w+)", run.output)))


def test_data_tests_of_an_incremental_build_read_its_window(builds: dict) -> None:
    """D113. Faults planted in the tables outside the windows of the next
    incremental build:
    - a clean session of twenty days back with 0 pageviews (below the
      spec's range) and an order line of twenty days back whose order does
      not exist: the build's tests of one row at a time and of
      relationships do not read them; a build with data_tests_scope 'all'
      and a plain `dbt test` do;
    - then a bad order (a negative shipping fee, quarantined) lands in the
      raw files on the last day, and an old line points to it: the build
      rewrites that order, so its relationship test reads the old line;
    - a copy of an order line of the window with its order date moved out
      of the window, in int_order_lines_priced (which neither dedups nor
      reads itself): the key occurs in the window, so the build's
      uniqueness test finds it (a test of the window's rows alone would
      not);
    - a repeated row of an old session in int_session_categories
      (incremental by session): its build's tests read the sessions it
      rewrote, a build with data_tests_scope 'all' finds the row."""
    work = builds["work"] / "test_window"
    tier = work / "S"
    shutil.copytree(builds["tier"], tier)
    database = work / CI_DATABASE_NAME
    shutil.copy(builds["incremental_db"], database)
    old_day = "(select max(dq_partition_date) - 20 from staging.base_shop__orders)"
    with duckdb.connect(str(database)) as con:
        con.execute(
            f"""
            update staging.base_web_analytics__sessions set pageviews = 0
            where session_id = (
                select min(session_id) from staging.base_web_analytics__sessions
                where dq_rule is null and dq_partition_date = {old_day}
            )
            """
        )
        # an old clean line moved to another order (counts unchanged: the
        # raw_rows_loaded tests compare them with the raw files), taken from
        # an order that keeps a line (assert_every_order_has_a_line)
        line = f"""
            update staging.base_shop__order_lines set order_id = '{{order_id}}'
            where order_line_id = (
                select {{pick}}(order_line_id) from staging.base_shop__order_lines
                where dq_rule is null and dq_partition_date = {old_day}
                and order_id in (
                    select order_id from staging.base_shop__order_lines
                    group by order_id having count(*) > 1
                )
            )
        """
        con.execute(line.format(order_id="NO-SUCH-ORDER", pick="min"))
    variables = {"raw_data_path": str(tier)}
    target = database.with_suffix(".target")
    models = (
        "base_web_analytics__sessions stg_web_analytics__sessions base_shop__orders "
        "base_shop__order_lines_rows base_shop__order_lines stg_shop__orders stg_shop__order_lines "
        "dq_rejected_rows"
    )
    select = ("--select", models)
    in_window = build_with_vars(database, variables, target, select)
    assert in_window.success, in_window.output[-3000:]
    compiled = next(target.glob("run/**/conforms_to_raw_spec_stg_web_analytics__sessions.sql"))
    assert "session_date >= date '" in compiled.read_text()

    everything = build_with_vars(database, {**variables, "data_tests_scope": "all"}, target, select)
    assert _failed_tests(everything) == [
        "conforms_to_raw_spec_stg_web_analytics__sessions",
        "relationships_stg_shop__order_lines_order_id__order_id__ref_stg_shop__orders_",
    ]
    alone = run_dbt(
        [
            "test",
            "--target",
            "ci",
            "--vars",
            json.dumps(variables),
            "--select",
            "stg_web_analytics__sessions,test_name:conforms_to_raw_spec",
        ],
        env={"KPI_CI_DUCKDB_PATH": str(database)},
        target_path=target,
    )
    assert _failed_tests(alone) == ["conforms_to_raw_spec_stg_web_analytics__sessions"]

    with duckdb.connect(str(database)) as con:
        con.execute(
            f"""
            copy (
                select * replace ('BAD-ORDER' as order_id, -shipping_fee as shipping_fee)
                from read_parquet('{tier}/orders/*.parquet')
                where shipping_fee > 0
                order by ordered_at desc
                limit 1
            ) to '{tier}/orders/bad-order.parquet' (format parquet)
            """
        )
        con.execute(line.format(order_id="BAD-ORDER", pick="max"))
    rewritten = build_with_vars(database, variables, target, select)
    assert _failed_tests(rewritten) == [
        "relationships_stg_shop__order_lines_order_id__order_id__ref_stg_shop__orders_"
    ]
    assert query(
        database, "select dq_rule from staging.base_shop__orders where order_id = 'BAD-ORDER'"
    )[0][0].startswith("shipping_fee")

    with duckdb.connect(str(database)) as con:
        con.execute(
            """
            insert into intermediate.int_order_lines_priced
            select * replace (order_date - 30 as order_date)
            from intermediate.int_order_lines_priced
            where order_date = (select max(order_date) from intermediate.int_order_lines_priced)
            limit 1
            """
        )
    lines = build_with_vars(database, variables, target, ("--select", "int_order_lines_priced"))
    assert _failed_tests(lines) == ["unique_int_order_lines_priced_order_line_id"]

    # incremental by session (D105): its tests read the sessions of its run
    with duckdb.connect(str(database)) as con:
        con.execute(
            """
            insert into intermediate.int_session_categories
            select * from intermediate.int_session_categories
            where session_date = (select max(session_date) - 20 from intermediate.int_session_categories)
            limit 1
            """
        )
    categories = ("--select", "int_session_categories")
    in_scope = build_with_vars(database, variables, target, categories)
    assert in_scope.success, in_scope.output[-3000:]
    # the test's file name is shortened by dbt: found by what it reads
    narrowed = [
        path
        for path in target.glob("run/**/*.sql")
        if "dq_incremental_scope__int_session_categories" in path.read_text()
    ]
    assert narrowed, "no test of int_session_categories read the run's sessions"
    everything = build_with_vars(
        database, {**variables, "data_tests_scope": "all"}, target, categories
    )
    assert _failed_tests(everything) == [
        "unique_combination_of_columns_int_session_categories_session_id__category"
    ]


def test_data_tests_scope_var_is_validated() -> None:
    refused = refused_vars({"data_tests_scope": "window"}, "test_name:unique")
    assert "data_tests_scope must be 'changed' or 'all'" in refused


@pytest.mark.parametrize("value", ["-1", "3 days", "1.5"])
def test_lookback_var_is_validated(value: str) -> None:
    refused = refused_vars({"incremental_lookback_days": value}, "base_web_analytics__sessions")
    assert "incremental_lookback_days must be a whole number" in refused
