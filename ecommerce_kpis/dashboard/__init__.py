"""``ecommerce-kpis dashboard``: one self-contained HTML page of the KPIs.

The page is generated from the published read-only DuckDB copy (``ecommerce-kpis
publish``) after a green build: its data embedded as JSON, its script and
style inline, its charts inline SVG drawn by its own script. It opens from
disk or any static host and requests nothing beyond itself (a
Content-Security-Policy forbids it). What it shows: docs/dashboard.md; the
data: ecommerce_kpis.dashboard.data.

The file is written under a temporary name and renamed over ``index.html``
(atomic on one file system): a reader sees the old page or the new one,
never half of one; a failed run leaves the previous page as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path

from ecommerce_kpis import atomic
from ecommerce_kpis.dashboard.data import DashboardError, gather

__all__ = ["DashboardError", "DashboardReport", "build", "render"]

PAGE = "index.html"


@dataclass(frozen=True)
class DashboardReport:
    page: Path
    bytes: int
    kpis: int
    alerts: int
    data_through: str | None


def _static(name: str) -> str:
    return resources.files(__package__).joinpath("static", name).read_text(encoding="utf-8")


def _json_safe(value: object) -> object:
    """Plain JSON: a decimal as a float, NaN and infinities as null (no data)."""
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def render(data: dict) -> str:
    """The page: the template with its style, script and data inline."""
    # JSON inside <script>: no "<" may close the element early
    payload = json.dumps(_json_safe(data), separators=(",", ":"), allow_nan=False)
    payload = payload.replace("<", "\\u003c")
    refresh = data.get("refresh") or 0
    meta = f'<meta http-equiv="refresh" content="{int(refresh)}">\n' if refresh > 0 else ""
    page = _static("page.html")
    for key, value in (
        ("__REFRESH__", meta),
        ("__STYLE__", _static("style.css")),
        ("__SCRIPT__", _static("app.js")),
    ):
        page = page.replace(key, value)
    # the data last: it is the one part not written by this package
    return page.replace("__DATA__", payload)


def build(
    published: Path,
    out: Path | None = None,
    refresh: int = 0,
    now: dt.datetime | None = None,
    last_failure: str | None = None,
) -> DashboardReport:
    """Write ``<out>/index.html`` (default ``<published>/dashboard``) atomically.
    ``last_failure``: when the last failed run of ``ecommerce-kpis watch``
    was (shown in the header; None: nothing shown)."""
    if refresh < 0:
        raise DashboardError(f"--refresh must be 0 (off) or a number of seconds, got {refresh}")
    out = out or published / "dashboard"
    built_at = now or dt.datetime.now(dt.UTC)
    data = gather(published, built_at, refresh, last_failure)
    html = render(data)
    out.mkdir(parents=True, exist_ok=True)
    target = out / PAGE
    atomic.write_text(target, html)
    return DashboardReport(
        page=target,
        bytes=target.stat().st_size,
        kpis=len(data["kpis"]),
        alerts=len(data["alerts"]),
        data_through=data["data_through"],
    )
