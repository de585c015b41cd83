"""Deliver the KPI alerts that are new since the previous build (docs/alerts.md).

After a green build and ``publish``, this reads the open alerts of the
published copy (``kpi_alerts`` where ``is_open``: the KPI's trailing window
is beyond its threshold on its latest mature day, D88) and compares them
with the state the previous run left in ``<published>/alerts/state.json``.
An alert is new when its KPI was not in alert then, or when its run of
alert days began after the day the previous run saw it in alert (it
recovered in between). The new ones are

- appended to ``<published>/alerts/new_alerts.jsonl``, one JSON object per
  line (fields: ``ALERT_FIELDS``);
- posted to the webhook in the environment variable ``KPI_ALERT_WEBHOOK_URL``
  when it is set, as Slack/Teams-style JSON ``{"text": ...}``. A post that
  fails (timeout, HTTP error, bad URL) is logged and never fails the run.

The state is written to a temporary file and swapped in with an atomic
rename, as ``publish`` swaps the database: a reader or a crash never sees a
half-written state. It is saved after the lines are appended, so a crash in
between delivers those alerts again rather than never.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from ecommerce_kpis import atomic
from ecommerce_kpis.publish import PUBLISHED_FILE

ALERTS_FOLDER = "alerts"
NEW_ALERTS_FILE = "new_alerts.jsonl"
STATE_FILE = "state.json"
WEBHOOK_ENV = "KPI_ALERT_WEBHOOK_URL"
DEFAULT_TIMEOUT_SECONDS = 10.0
STATE_VERSION = 1

log = logging.getLogger(__name__)


class AlertsError(RuntimeError):
    """The published copy cannot be read: no alerts were delivered."""


@dataclass(frozen=True)
class Alert:
    """An open alert of the published kpi_alerts, as a line of new_alerts.jsonl."""

    kpi_name: str
    label: str
    owner_role: str
    date: str
    value: float | None
    window_value: float
    window_days: int
    threshold: float
    target: float
    direction: str
    unit: str
    alert_since: str
    days_in_alert: int


ALERT_FIELDS = tuple(Alert.__dataclass_fields__)

OPEN_ALERTS_SQL = """
select
    alerts.kpi_name,
    catalogue.label,
    alerts.owner_role,
    strftime(alerts.date_day, '%Y-%m-%d') as date,
    alerts.value,
    alerts.window_value,
    alerts.window_days,
    alerts.alert_threshold as threshold,
    alerts.target,
    alerts.direction,
    catalogue.unit,
    strftime(alerts.alert_since, '%Y-%m-%d') as alert_since,
    alerts.days_in_alert
from kpi_alerts as alerts
inner join kpi_catalogue as catalogue
    on alerts.kpi_name = catalogue.kpi_name
where alerts.is_open
order by alerts.kpi_name
"""


@dataclass(frozen=True)
class DeliveryReport:
    open_alerts: list[Alert]
    new_alerts: list[Alert]
    alerts_file: Path
    posted: bool | None  # None: no webhook configured or nothing new


def open_alerts(database: Path) -> list[Alert]:
    """The open alerts of a published DuckDB file, by KPI name."""
    if not database.exists():
        raise AlertsError(f"no published database at {database}: run `make build` first")
    try:
        con = duckdb.connect(str(database), read_only=True)
    except duckdb.Error as error:
        raise AlertsError(f"cannot open {database}: {error}") from error
    try:
        cursor = con.execute(OPEN_ALERTS_SQL)
        names = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
    except duckdb.Error as error:
        raise AlertsError(
            f"{database} has no open alerts to read (kpi_alerts with is_open, "
            f"kpi_catalogue): publish a build of this version first ({error})"
        ) from error
    finally:
        con.close()
    return [Alert(**dict(zip(names, row, strict=True))) for row in rows]


def load_state(path: Path) -> dict[str, dict] | None:
    """The previous run's alerts by KPI name; None when there was no run."""
    if not path.exists():
        return None
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        in_alert = state["in_alert"]
        if not isinstance(in_alert, dict):
            raise TypeError("in_alert is not a mapping")
        return {str(kpi): dict(seen) for kpi, seen in in_alert.items()}
    except (ValueError, KeyError, TypeError) as error:
        log.warning(
            "alert state %s is unreadable (%s): every open alert counts as new", path, error
        )
        return None


def is_new(alert: Alert, previous: dict[str, dict] | None) -> bool:
    """Not in alert in the previous run, or in a run of alert days begun since."""
    if previous is None or alert.kpi_name not in previous:
        return True
    seen_on = previous[alert.kpi_name].get("date")
    return not isinstance(seen_on, str) or alert.alert_since > seen_on


def append_lines(path: Path, alerts: list[Alert], detected_at: str) -> None:
    """Append one JSON object per alert to the JSON lines file."""
    lines = "".join(
        json.dumps({**asdict(alert), "detected_at": detected_at}, allow_nan=False) + "\n"
        for alert in alerts
    )
    with path.open("a", encoding="utf-8") as handle:
        handle.write(lines)
        handle.flush()
        os.fsync(handle.fileno())


def format_value(value: float | None, unit: str) -> str:
    """A value as an analyst reads it: ratios in %, the rest with two decimals."""
    if value is None:
        return "no value"
    if unit == "ratio":
        return f"{value * 100:.1f} %"
    return f"{value:,.2f}" + {"seconds": " s", "days": " days"}.get(unit, "")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def message(alerts: list[Alert]) -> str:
    """The webhook's text: one line per new alert."""
    lines = [f"{_count(len(alerts), 'new KPI alert')}:"]
    for alert in alerts:
        side = "below" if alert.direction == "higher_is_better" else "above"
        lines.append(
            f"- {alert.label} ({alert.owner_role}): "
            f"{format_value(alert.window_value, alert.unit)} over "
            f"{_count(alert.window_days, 'day')} to {alert.date}, {side} the threshold "
            f"{format_value(alert.threshold, alert.unit)} "
            f"(target {format_value(alert.target, alert.unit)}); "
            f"in alert for {_count(alert.days_in_alert, 'day')}"
        )
    return "\n".join(lines)


def _shown(url: str) -> str:
    """The URL without path or query: a webhook's path is its secret."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}" if parts.hostname else "(not a URL)"


def post_webhook(url: str, alerts: list[Alert], timeout: float = DEFAULT_TIMEOUT_SECONDS) -> bool:
    """POST {"text": ...} to `url`; False (logged) on any failure, never raises."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        log.warning("%s is not an http(s) URL: alerts not posted", WEBHOOK_ENV)
        return False
    body = json.dumps({"text": message(alerts)}).encode("utf-8")
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        # the scheme is checked above: no file:// or other opener
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as error:
        log.warning("alert webhook %s answered HTTP %s: alerts not posted", _shown(url), error.code)
        return False
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        log.warning("alert webhook %s failed (%s): alerts not posted", _shown(url), reason)
        return False
    return True


def deliver(
    published: Path,
    webhook_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
    now: dt.datetime | None = None,
) -> DeliveryReport:
    """Append the alerts new since the previous run, swap the state, post them."""
    current = open_alerts(published / PUBLISHED_FILE)
    folder = published / ALERTS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    state_path = folder / STATE_FILE
    previous = load_state(state_path)
    new = [alert for alert in current if is_new(alert, previous)]
    detected_at = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    alerts_file = folder / NEW_ALERTS_FILE
    if new:
        append_lines(alerts_file, new, detected_at)
    state = {
        "version": STATE_VERSION,
        "updated_at": detected_at,
        "in_alert": {
            alert.kpi_name: {"date": alert.date, "alert_since": alert.alert_since}
            for alert in current
        },
    }
    atomic.write_text(state_path, json.dumps(state, indent=2, sort_keys=True) + "\n")
    posted = post_webhook(webhook_url, new, timeout) if webhook_url and new else None
    return DeliveryReport(
        open_alerts=current, new_alerts=new, alerts_file=alerts_file, posted=posted
    )
