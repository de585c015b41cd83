"""What the dashboard shows, read from the published read-only DuckDB copy.

Everything comes from five published tables and the KPI marts they name:
``kpi_catalogue`` (labels, units, targets, owner roles, formulas and each
KPI's headline numerator and denominator as SQL over its mart),
``kpi_scorecard`` (one row per KPI and day: numerator, denominator, value,
status), ``kpi_alerts`` (the open alerts), ``dq_table_summary`` and
``dq_rule_summary`` (quarantine per raw table and per rule). Nothing about a
KPI is typed here: a KPI added to the catalogue appears on its role's page.

Windows are re-aggregated from the daily numerators and denominators,
``scale * sum(numerator) / sum(denominator)`` over the days of the window
(never an average of daily ratios); a count KPI (no denominator) sums its
count. A window ends on the data-through date (the scorecard's latest day)
for every KPI, so a KPI whose data stopped earlier shows "no data" there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from ecommerce_kpis.sql_names import sql_ident

WINDOWS = (7, 28)
# days of daily values in each KPI's trend (the sparkline shows the last
# SPARK_DAYS of them) and of the mart's rows behind the breakdowns
TREND_DAYS = 182
SPARK_DAYS = 56
BREAKDOWN_DAYS = 90
# a breakdown shows its largest members (by denominator, or by count)
BREAKDOWN_MEMBERS = 12
# a dimension column with both values splits new from existing customers
NEW_CUSTOMERS = "new"
EXISTING_CUSTOMERS = ("returning", "existing")
REQUIRED_TABLES = (
    "kpi_catalogue",
    "kpi_scorecard",
    "kpi_alerts",
    "dq_table_summary",
    "dq_rule_summary",
)
TEXT_TYPES = ("VARCHAR", "BOOLEAN")


class DashboardError(RuntimeError):
    """The published database cannot make a dashboard (missing, incomplete)."""


@dataclass(frozen=True)
class Window:
    numerator: float | None
    denominator: float | None
    value: float | None


def ratio(numerator: float | None, denominator: float | None, scale: float, count: bool):
    """A KPI's value from summed numerator and denominator: the count itself
    for a count KPI, else scale * numerator / denominator (None for 0)."""
    if count:
        return numerator
    if numerator is None or not denominator:
        return None
    return scale * numerator / denominator


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, (_iso(v) for v in row), strict=True)) for row in cursor.fetchall()]


def connect(published: Path) -> duckdb.DuckDBPyConnection:
    """The published database, read-only, checked for the tables the page reads."""
    path = published / "ecommerce_kpis.duckdb" if published.is_dir() else published
    if not path.exists():
        raise DashboardError(
            f"no published database at {path}: run `make build` (or `ecommerce-kpis publish`) first"
        )
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as error:
        raise DashboardError(f"cannot open {path}: {error}") from error
    tables = {
        r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()
    }
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        con.close()
        raise DashboardError(f"{path} lacks the published tables {missing}: publish a full build")
    return con


def window(series: list[dict], end: str | None, days: int, scale: float, count: bool) -> Window:
    """The KPI's re-aggregated value over the `days` days ending on `end`."""
    if end is None:
        return Window(None, None, None)
    last = dt.date.fromisoformat(end)
    first = last - dt.timedelta(days=days - 1)
    rows = [r for r in series if first <= dt.date.fromisoformat(r["date_day"]) <= last]
    numerators = [r["numerator"] for r in rows if r["numerator"] is not None]
    denominators = [r["denominator"] for r in rows if r["denominator"] is not None]
    numerator = sum(numerators) if numerators else None
    denominator = sum(denominators) if denominators else None
    return Window(numerator, denominator, ratio(numerator, denominator, scale, count))


def dimension_columns(con: duckdb.DuckDBPyConnection, mart: str, date_column: str | None):
    """A mart's breakdowns: its text and boolean columns (the published
    table's own types), the date column aside."""
    rows = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_name = ? order by ordinal_position",
        [mart],
    ).fetchall()
    return [name for name, kind in rows if kind in TEXT_TYPES and name != date_column]


def _sum(expression: str | None) -> str:
    """A catalogue measure summed as a double (NULL for a count KPI's denominator)."""
    return f"cast(sum({expression}) as double)" if expression else "cast(null as double)"


def _period(kpi: dict, end: str | None, days: int) -> tuple[str, list]:
    """The SQL condition on the mart's rows of the last `days` days (all rows
    for a snapshot mart), with the catalogue's row filter."""
    conditions, params = [], []
    if kpi["date_column"] and end:
        column = sql_ident(kpi["date_column"])
        conditions.append(
            f"{column} > cast(? as date) - {int(days)} and {column} <= cast(? as date)"
        )
        params += [end, end]
    if kpi["row_filter"]:
        conditions.append(f"({kpi['row_filter']})")
    return (" where " + " and ".join(conditions)) if conditions else "", params


def breakdowns(con: duckdb.DuckDBPyConnection, kpi: dict, end: str | None) -> list[dict]:
    """Per dimension of the KPI's mart, its members' re-aggregated values over
    the last BREAKDOWN_DAYS days, largest first."""
    count = kpi["denominator"] is None
    weight = kpi["numerator"] if count else kpi["denominator"]
    where, params = _period(kpi, end, BREAKDOWN_DAYS)
    found = []
    for column in dimension_columns(con, kpi["mart"], kpi["date_column"]):
        sql = (
            f"select coalesce(cast({sql_ident(column)} as varchar), '(none)') as member, "
            f"{_sum(kpi['numerator'])} as numerator, {_sum(kpi['denominator'])} as denominator "
            f"from {sql_ident(kpi['mart'])}{where} group by 1 "
            f"order by sum({weight}) desc nulls last, 1 limit {BREAKDOWN_MEMBERS + 1}"
        )
        rows = _rows(con, sql, params)
        for row in rows:
            row["value"] = ratio(row["numerator"], row["denominator"], kpi["scale"], count)
        found.append(
            {
                "dimension": column,
                "members": rows[:BREAKDOWN_MEMBERS],
                "truncated": len(rows) > BREAKDOWN_MEMBERS,
            }
        )
    return found


def customer_split(con: duckdb.DuckDBPyConnection, kpi: dict, end: str | None) -> dict | None:
    """New vs existing customers side by side, where the KPI's mart splits
    them (a dimension with the values new and returning/existing): both
    windows and a weekly trend of each."""
    if not kpi["date_column"] or not end:
        return None
    count = kpi["denominator"] is None
    for column in dimension_columns(con, kpi["mart"], kpi["date_column"]):
        values = {
            r[0]
            for r in con.execute(
                f"select distinct cast({sql_ident(column)} as varchar) from {sql_ident(kpi['mart'])}"
            ).fetchall()
        }
        existing = next((v for v in EXISTING_CUSTOMERS if v in values), None)
        if NEW_CUSTOMERS not in values or existing is None:
            continue
        where, params = _period(kpi, end, TREND_DAYS)
        date = sql_ident(kpi["date_column"])
        rows = _rows(
            con,
            f"select cast({sql_ident(column)} as varchar) as member, {date} as date_day, "
            f"{_sum(kpi['numerator'])} as numerator, {_sum(kpi['denominator'])} as denominator "
            f"from {sql_ident(kpi['mart'])}{where} "
            f"{'and' if where else 'where'} cast({sql_ident(column)} as varchar) in (?, ?) "
            "group by 1, 2 order by 2",
            [*params, NEW_CUSTOMERS, existing],
        )
        sides = []
        for member in (NEW_CUSTOMERS, existing):
            series = [r for r in rows if r["member"] == member]
            windows = {
                str(days): window(series, end, days, kpi["scale"], count).__dict__
                for days in WINDOWS
            }
            sides.append({"member": member, "windows": windows, "weekly": weekly(series, kpi)})
        return {"dimension": column, "sides": sides}
    return None


def weekly(series: list[dict], kpi: dict) -> list[list]:
    """Re-aggregated values per ISO week (its Monday), from daily rows."""
    count = kpi["denominator"] is None
    weeks: dict[str, list[float]] = {}
    for row in series:
        day = dt.date.fromisoformat(row["date_day"])
        monday = (day - dt.timedelta(days=day.weekday())).isoformat()
        sums = weeks.setdefault(monday, [0.0, 0.0])
        sums[0] += row["numerator"] or 0
        sums[1] += row["denominator"] or 0
    return [
        [week, n, None if count else d, ratio(n, None if count else d, kpi["scale"], count)]
        for week, (n, d) in sorted(weeks.items())
    ]


def gather(
    published: Path, built_at: dt.datetime, refresh: int = 0, last_failure: str | None = None
) -> dict:
    """The page's data (module doc): one JSON-able dict."""
    con = connect(published)
    try:
        catalogue = _rows(con, "select * from kpi_catalogue")
        if not catalogue:
            raise DashboardError("kpi_catalogue is empty: nothing to show")
        end = _iso(con.execute("select max(date_day) from kpi_scorecard").fetchone()[0])
        scorecard = _rows(
            con,
            "select kpi_name, date_day, numerator, denominator, value, status "
            "from kpi_scorecard order by kpi_name, date_day",
        )
        # the open alerts as kpi_alerts has them (since when, how many days):
        # the same as `ecommerce-kpis alerts` delivers, never recounted here
        open_alerts = {
            r["kpi_name"]: r
            for r in _rows(
                con,
                "select kpi_name, date_day, window_days, window_value, alert_since, "
                "days_in_alert from kpi_alerts where is_open",
            )
        }
        by_kpi: dict[str, list[dict]] = {}
        for row in scorecard:
            by_kpi.setdefault(row["kpi_name"], []).append(row)
        kpis, alerts, roles = [], [], []
        for entry in catalogue:
            series = by_kpi.get(entry["kpi_name"], [])
            count = entry["denominator"] is None
            scale = entry["scale"]
            latest = series[-1] if series else None
            first_trend = (
                (dt.date.fromisoformat(end) - dt.timedelta(days=TREND_DAYS - 1)).isoformat()
                if end
                else None
            )
            trend = [
                [r["date_day"], r["numerator"], r["denominator"], r["value"], r["status"]]
                for r in series
                if first_trend is None or r["date_day"] >= first_trend
            ]
            kpi = {
                **{k: entry[k] for k in entry if k not in ("metric",)},
                "count": count,
                "latest": latest and {k: latest[k] for k in ("date_day", "value", "status")},
                "windows": {str(d): window(series, end, d, scale, count).__dict__ for d in WINDOWS},
                "trend": trend,
                "breakdowns": breakdowns(con, entry, end),
                "customer_split": customer_split(con, entry, end),
            }
            kpis.append(kpi)
            if entry["owner_role"] not in roles:
                roles.append(entry["owner_role"])
            alert = open_alerts.get(entry["kpi_name"])
            if alert is not None:
                alerts.append(
                    {
                        "kpi_name": entry["kpi_name"],
                        "label": entry["label"],
                        "owner_role": entry["owner_role"],
                        "unit": entry["unit"],
                        "count": count,
                        "date_day": alert["date_day"],
                        "window_days": alert["window_days"],
                        "value": alert["window_value"],
                        "alert_threshold": entry["alert_threshold"],
                        "since": alert["alert_since"],
                        "days": alert["days_in_alert"],
                    }
                )
        alerts.sort(key=lambda a: (-a["days"], a["kpi_name"]))
        quality = _rows(
            con,
            "select source_table, raw_rows, clean_rows, rejected_rows, rejected_share "
            "from dq_table_summary order by rejected_rows desc, source_table",
        )
        rules = _rows(
            con,
            "select source_table, rule_broken, rejected_rows from dq_rule_summary "
            "order by source_table, rejected_rows desc, rule_broken",
        )
        return {
            "data_through": end,
            "built_at": built_at.strftime("%Y-%m-%d %H:%M UTC"),
            "refresh": refresh,
            "last_failure": last_failure,
            "windows": list(WINDOWS),
            "spark_days": SPARK_DAYS,
            "trend_days": TREND_DAYS,
            "breakdown_days": BREAKDOWN_DAYS,
            "roles": roles,
            "kpis": kpis,
            "alerts": alerts,
            "data_quality": quality,
            "quarantine_rules": rules,
        }
    except duckdb.Error as error:
        raise DashboardError(f"reading the published database failed: {error}") from error
    finally:
        con.close()
