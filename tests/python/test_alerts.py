"""Alert delivery (`ecommerce-kpis alerts`, ecommerce_kpis/alerts.py, D88).

Each test publishes a small DuckDB file with the contract's columns of
kpi_alerts and kpi_catalogue (from their YAML) and hand-made rows, runs the
command on it and reads what it wrote: the JSON lines, the state and what a
local webhook received. No dbt build: the scorecard's own rules are pinned
by its unit tests and by test_scorecard_alerts.py on the demo build.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import duckdb
import pytest
from conftest import ROOT

from ecommerce_kpis import alerts, catalogue
from ecommerce_kpis.cli import main
from ecommerce_kpis.publish import PUBLISHED_FILE

MARTS = catalogue.marts(ROOT)
LABELS = {kpi.kpi_name: (kpi.label, kpi.unit) for kpi in catalogue.load(ROOT)}

# open alert of a lower-is-better ratio, 3 days in alert
RETURN_RATE = {
    "date_day": "2026-06-30",
    "kpi_name": "return_rate",
    "value": 0.5,
    "target": 0.2,
    "alert_threshold": 0.25,
    "status": "alert",
    "owner_role": "logistics",
    "direction": "lower_is_better",
    "window_days": 7,
    "window_numerator": 30,
    "window_denominator": 100,
    "window_value": 0.3,
    "alert_since": "2026-06-28",
    "days_in_alert": 3,
    "is_open": True,
}
# open alert of a higher-is-better currency KPI on its latest day with a value
AOV = {
    **RETURN_RATE,
    "date_day": "2026-06-29",
    "kpi_name": "average_order_value",
    "value": None,
    "target": 120,
    "alert_threshold": 90,
    "owner_role": "sales",
    "direction": "higher_is_better",
    "window_value": 80.5,
    "alert_since": "2026-06-29",
    "days_in_alert": 1,
}
# an earlier alert day of return rate: not open, never delivered
CLOSED = {**RETURN_RATE, "date_day": "2026-06-29", "days_in_alert": 2, "is_open": False}


def publish_rows(published: Path, rows: list[dict]) -> Path:
    """A published copy holding `rows` in kpi_alerts (other columns NULL) and
    the KPIs' catalogue rows, swapped in as publish does."""
    published.mkdir(parents=True, exist_ok=True)
    tmp = published / f".{PUBLISHED_FILE}.tmp"
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    for table, data in (
        ("kpi_alerts", rows),
        (
            "kpi_catalogue",
            [
                {"kpi_name": name, "label": label, "unit": unit}
                for name, (label, unit) in LABELS.items()
            ],
        ),
    ):
        types = MARTS[table].data_types
        con.execute(
            f"create table {table} ("
            + ", ".join(f"{column} {types[column]}" for column in types)
            + ")"
        )
        for row in data:
            names = list(row)
            con.execute(
                f"insert into {table} ({', '.join(names)}) "
                f"values ({', '.join('?' for _ in names)})",
                [row[name] for name in names],
            )
    con.close()
    os.replace(tmp, published / PUBLISHED_FILE)
    return published


def lines(published: Path) -> list[dict]:
    path = published / "alerts" / "new_alerts.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def state(published: Path) -> dict:
    return json.loads((published / "alerts" / "state.json").read_text())


def run(published: Path, *extra: str) -> int:
    return main(["alerts", "--published", str(published), *extra])


@pytest.fixture(autouse=True)
def no_webhook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(alerts.WEBHOOK_ENV, raising=False)


def test_first_run_delivers_every_open_alert_as_a_json_line(tmp_path: Path) -> None:
    published = publish_rows(tmp_path / "published", [RETURN_RATE, CLOSED, AOV])
    assert run(published) == 0
    delivered = lines(published)
    assert [line["kpi_name"] for line in delivered] == ["average_order_value", "return_rate"]
    detected_at = delivered[0].pop("detected_at")
    assert detected_at == delivered[1].pop("detected_at")
    assert delivered[1] == {
        "kpi_name": "return_rate",
        "label": "Return rate",
        "owner_role": "logistics",
        "date": "2026-06-30",
        "value": 0.5,
        "window_value": 0.3,
        "window_days": 7,
        "threshold": 0.25,
        "target": 0.2,
        "direction": "lower_is_better",
        "unit": "ratio",
        "alert_since": "2026-06-28",
        "days_in_alert": 3,
    }
    # a day in alert without a value of its own: null, not 0
    assert delivered[0]["value"] is None
    assert state(published)["in_alert"] == {
        "average_order_value": {"date": "2026-06-29", "alert_since": "2026-06-29"},
        "return_rate": {"date": "2026-06-30", "alert_since": "2026-06-28"},
    }


def test_a_second_run_on_the_same_data_delivers_nothing(tmp_path: Path) -> None:
    published = publish_rows(tmp_path / "published", [RETURN_RATE, AOV])
    assert run(published) == 0
    before = state(published)["in_alert"]
    assert run(published) == 0
    assert len(lines(published)) == 2
    assert state(published)["in_alert"] == before


def test_a_planted_alert_is_the_only_new_one(tmp_path: Path) -> None:
    published = publish_rows(tmp_path / "published", [RETURN_RATE])
    run(published)
    # the next build: return rate one day longer in alert, AOV newly in alert
    later = {**RETURN_RATE, "date_day": "2026-07-01", "days_in_alert": 4}
    publish_rows(published, [later, AOV])
    report = alerts.deliver(published)
    assert [alert.kpi_name for alert in report.new_alerts] == ["average_order_value"]
    assert [line["kpi_name"] for line in lines(published)] == ["return_rate", "average_order_value"]


def test_an_alert_that_recovered_and_returned_is_new_again(tmp_path: Path) -> None:
    published = publish_rows(tmp_path / "published", [RETURN_RATE, AOV])
    run(published)
    # return rate was ok on 2026-07-01 and in alert again from 2026-07-02;
    # AOV is no longer in alert: it leaves the state
    again = {**RETURN_RATE, "date_day": "2026-07-03", "alert_since": "2026-07-02"}
    publish_rows(published, [again])
    report = alerts.deliver(published)
    assert [alert.kpi_name for alert in report.new_alerts] == ["return_rate"]
    assert set(state(published)["in_alert"]) == {"return_rate"}
    # AOV in alert again on the next build: new
    publish_rows(published, [again, AOV])
    assert [a.kpi_name for a in alerts.deliver(published).new_alerts] == ["average_order_value"]


def test_an_unreadable_state_counts_every_open_alert_as_new(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    published = publish_rows(tmp_path / "published", [RETURN_RATE])
    (published / "alerts").mkdir()
    (published / "alerts" / "state.json").write_text("{not json")
    with caplog.at_level(logging.WARNING):
        assert run(published) == 0
    assert "unreadable" in caplog.text
    assert [line["kpi_name"] for line in lines(published)] == ["return_rate"]
    assert set(state(published)["in_alert"]) == {"return_rate"}


def test_no_published_copy_or_an_old_one_stops_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    assert run(tmp_path / "nothing") == 1
    assert "no published database" in capsys.readouterr().err
    # a copy published before kpi_alerts had is_open
    old = tmp_path / "old"
    old.mkdir()
    con = duckdb.connect(str(old / PUBLISHED_FILE))
    con.execute("create table kpi_alerts (date_day date, kpi_name varchar)")
    con.close()
    assert run(old) == 1
    assert "publish a build of this version" in capsys.readouterr().err
    assert not (old / "alerts" / "state.json").exists()


def test_the_state_is_swapped_atomically(tmp_path: Path) -> None:
    published = publish_rows(tmp_path / "published", [RETURN_RATE])
    run(published)
    run(published)
    # no temporary file is left beside the state
    assert sorted(p.name for p in (published / "alerts").iterdir()) == [
        "new_alerts.jsonl",
        "state.json",
    ]


# ------------------------------------------------------------------ webhook


class Hook(BaseHTTPRequestHandler):
    status = 200
    delay = 0.0
    received: ClassVar[list[dict]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append(
            {"content_type": self.headers["Content-Type"], "json": json.loads(body)}
        )
        time.sleep(self.delay)
        self.send_response(self.status)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def hook() -> Iterator[tuple[str, type[Hook]]]:
    handler = type("CapturingHook", (Hook,), {"received": []})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/services/T000/B000/secret", handler
    server.shutdown()
    server.server_close()


def test_the_webhook_gets_the_new_alerts_as_slack_json(
    tmp_path: Path, hook: tuple[str, type[Hook]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, handler = hook
    monkeypatch.setenv(alerts.WEBHOOK_ENV, url)
    published = publish_rows(tmp_path / "published", [RETURN_RATE, AOV])
    assert run(published) == 0
    assert len(handler.received) == 1
    posted = handler.received[0]
    assert posted["content_type"] == "application/json"
    assert list(posted["json"]) == ["text"]
    assert posted["json"]["text"].splitlines() == [
        "2 new KPI alerts:",
        "- Average order value (sales): 80.50 over 7 days to 2026-06-29, below the "
        "threshold 90.00 (target 120.00); in alert for 1 day",
        "- Return rate (logistics): 30.0 % over 7 days to 2026-06-30, above the "
        "threshold 25.0 % (target 20.0 %); in alert for 3 days",
    ]
    # nothing new: nothing posted
    assert run(published) == 0
    assert len(handler.received) == 1


def test_a_webhook_answering_500_is_logged_and_the_run_succeeds(
    tmp_path: Path,
    hook: tuple[str, type[Hook]],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    url, handler = hook
    handler.status = 500
    monkeypatch.setenv(alerts.WEBHOOK_ENV, url)
    published = publish_rows(tmp_path / "published", [RETURN_RATE])
    with caplog.at_level(logging.WARNING):
        assert run(published) == 0
    assert len(handler.received) == 1
    assert "answered HTTP 500" in caplog.text
    # the webhook's path is its secret: never logged
    assert "secret" not in caplog.text
    assert [line["kpi_name"] for line in lines(published)] == ["return_rate"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("url", "logged"),
    [
        (f"http://127.0.0.1:{free_port()}/hook", "failed"),
        ("not a url", "not an http(s) URL"),
        ("file:///etc/passwd", "not an http(s) URL"),
        ("http://", "failed"),
    ],
    ids=["unreachable", "not-a-url", "file-scheme", "no-host"],
)
def test_a_webhook_that_cannot_be_reached_is_logged_and_the_run_succeeds(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    url: str,
    logged: str,
) -> None:
    monkeypatch.setenv(alerts.WEBHOOK_ENV, url)
    published = publish_rows(tmp_path / "published", [RETURN_RATE])
    with caplog.at_level(logging.WARNING):
        assert run(published) == 0
    assert logged in caplog.text
    assert [line["kpi_name"] for line in lines(published)] == ["return_rate"]
    assert set(state(published)["in_alert"]) == {"return_rate"}


def test_a_webhook_slower_than_the_timeout_is_logged_and_the_run_succeeds(
    tmp_path: Path,
    hook: tuple[str, type[Hook]],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    url, handler = hook
    handler.delay = 2.0
    monkeypatch.setenv(alerts.WEBHOOK_ENV, url)
    published = publish_rows(tmp_path / "published", [RETURN_RATE])
    started = time.perf_counter()
    with caplog.at_level(logging.WARNING):
        assert run(published, "--timeout", "0.3") == 0
    assert time.perf_counter() - started < 2.0
    assert "failed" in caplog.text
