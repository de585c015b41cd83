"""The KPI dashboard (`ecommerce-kpis dashboard`) in a real browser, and its rules.

The page is built from a publish of the session's demo build (conftest's
`ci_database`, published into this module's temporary folder: no build of
its own) and opened from disk in Debian's Chromium (`make browser-install`;
kpi_devtools/browser.py), driven by Playwright; Playwright's own browsers are
never used. Every request is routed: anything but the page's own file fails
the test. The values the tiles show are compared with an independent SQL
query on the published database, formatted here by the rules of
docs/dashboard.md. A copy of the published database with planted statuses
and an emptied KPI shows the alerts list and "no data".

The re-aggregation and alert-streak rules are pinned on hand-made rows too
(no browser): windows across gaps, a count KPI, a zero denominator, scale.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import stat
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest
import yaml

from ecommerce_kpis.catalogue import load as load_catalogue
from ecommerce_kpis.cli import main
from ecommerce_kpis.dashboard import DashboardError, build, render
from ecommerce_kpis.dashboard.data import REQUIRED_TABLES, ratio, weekly, window
from ecommerce_kpis.publish import PUBLISHED_FILE, publish
from kpi_devtools.browser import find_chromium

LAPTOP = {"width": 1366, "height": 768}


# ---------- the rules on hand-made rows ----------


def row(day: str, numerator, denominator, status: str = "ok") -> dict:
    value = None if numerator is None or not denominator else numerator / denominator
    return {
        "date_day": day,
        "numerator": numerator,
        "denominator": denominator,
        "value": value,
        "status": status,
    }


def test_a_window_sums_numerators_and_denominators_never_averages_ratios() -> None:
    # 1/1 on the 1st, 0/3 on the 3rd (no row on the 2nd): 1/4 = 0.25, where
    # the mean of the daily ratios would be 0.5
    series = [row("2026-06-01", 1, 1), row("2026-06-03", 0, 3)]
    assert window(series, "2026-06-03", 7, 1, count=False).value == 0.25
    # the 7 days ending on the 7th are the 1st to the 7th; ending on the 8th, 2nd to 8th
    assert window(series, "2026-06-07", 7, 1, count=False).value == 0.25
    assert window(series, "2026-06-08", 7, 1, count=False).value == 0.0
    # nothing in the window: no data, not 0
    assert window(series, "2026-06-20", 7, 1, count=False).value is None


def test_a_zero_denominator_is_no_data_and_scale_multiplies() -> None:
    assert window([row("2026-06-01", 0, 0)], "2026-06-01", 7, 1, count=False).value is None
    # NPS: 100 * (3 - 1 promoters minus detractors) / 8 responses = 25
    nps = [row("2026-06-01", 2, 8)]
    assert window(nps, "2026-06-01", 7, 100, count=False).value == 25.0
    assert ratio(None, 5, 1, count=False) is None


def test_a_count_kpi_sums_its_count() -> None:
    series = [row("2026-06-01", 100, None), row("2026-06-02", 250, None)]
    assert window(series, "2026-06-02", 7, 1, count=True).value == 350
    assert window(series, "2026-06-02", 1, 1, count=True).value == 250


def test_weekly_values_re_aggregate_per_monday() -> None:
    # Mon 1 June: 1/2 and Sun 7 June: 3/6 -> 4/8; Mon 8 June: 0/4
    series = [row("2026-06-01", 1, 2), row("2026-06-07", 3, 6), row("2026-06-08", 0, 4)]
    kpi = {"denominator": "x", "scale": 1}
    assert weekly(series, kpi) == [["2026-06-01", 4, 8, 0.5], ["2026-06-08", 0, 4, 0.0]]


# ---------- the page from the demo build ----------


@pytest.fixture(scope="module")
def published(ci_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's demo build, published (read-only copy) and its dashboard."""
    out = tmp_path_factory.mktemp("dashboard") / "published"
    publish(ci_database, out)
    build(out)
    return out


LAST_FAILURE = "2026-07-01 04:45:10 UTC"


@pytest.fixture(scope="module")
def planted(published: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the published database with planted statuses and one KPI
    emptied, and its dashboard:

    - conversion_rate in alert on its last 3 days, 28-30 June (ok the day before);
    - bounce_rate immature on 29-30 June, in alert on 27-28 June, ok on the 26th;
      both as open alerts in kpi_alerts too (the list reads kpi_alerts);
    - click_through_rate with a status the page does not know on its last day;
    - upsell_ratio without any row, in the scorecard and in its mart;
    - two rules in dq_rule_summary (orders 1,234 rows, sessions 5);
    - written after a failed run of `ecommerce-kpis watch` (its header).
    """
    folder = tmp_path_factory.mktemp("planted")
    database = folder / PUBLISHED_FILE
    shutil.copy(published / PUBLISHED_FILE, database)
    database.chmod(stat.S_IRUSR | stat.S_IWUSR)
    with duckdb.connect(str(database)) as con:
        plants = [
            ("conversion_rate", "ok", "2026-06-27", "2026-06-27"),
            ("conversion_rate", "alert", "2026-06-28", "2026-06-30"),
            ("bounce_rate", "ok", "2026-06-26", "2026-06-26"),
            ("bounce_rate", "alert", "2026-06-27", "2026-06-28"),
            ("bounce_rate", "immature", "2026-06-29", "2026-06-30"),
            ("click_through_rate", "recomputing", "2026-06-30", "2026-06-30"),
        ]
        for kpi, status, first, last in plants:
            changed = con.execute(
                "update kpi_scorecard set status = ? where kpi_name = ? "
                "and date_day between cast(? as date) and cast(? as date)",
                [status, kpi, first, last],
            ).fetchone()[0]
            days = (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days + 1
            assert changed == days, f"{kpi} lacks a row on a day of {first}..{last}"
        # the open alerts kpi_alerts would hold for them: one alert run each
        con.execute("delete from kpi_alerts where kpi_name in ('conversion_rate', 'bounce_rate')")
        for kpi, since, latest in (
            ("conversion_rate", "2026-06-28", "2026-06-30"),
            ("bounce_rate", "2026-06-27", "2026-06-28"),
        ):
            con.execute(
                "insert into kpi_alerts by name select * exclude (is_mature) replace "
                "('alert' as status), cast(? as date) as alert_since, "
                "datediff('day', cast(? as date), date_day) + 1 as days_in_alert, "
                "date_day = cast(? as date) as is_open from kpi_scorecard "
                "where kpi_name = ? and date_day between cast(? as date) and cast(? as date)",
                [since, since, latest, kpi, since, latest],
            )
        con.execute("delete from kpi_scorecard where kpi_name = 'upsell_ratio'")
        con.execute("delete from kpi_upsell_ratio")
        # quarantined rows under two rules (the demo itself has none)
        con.execute(
            "insert into dq_rule_summary values "
            "('orders', 'ordered_at: not a valid timestamp', 1234), "
            "('sessions', 'channel: not one of the allowed values', 5)"
        )
    build(folder, last_failure=LAST_FAILURE)
    return folder


class Browser:
    """Chromium with every request routed: the page's own file passes, anything
    else is recorded and aborted; console errors and page errors recorded."""

    def __init__(self, playwright) -> None:
        chromium = find_chromium()
        if chromium is None:
            pytest.fail("no Chromium: run `make browser-install` (Debian's chromium package)")
        self.browser = playwright.chromium.launch(
            executable_path=str(chromium), args=["--no-sandbox"]
        )
        self.outside: list[str] = []
        self.errors: list[str] = []

    def open(self, page_file: Path, fragment: str = "", viewport: dict = LAPTOP):
        context = self.browser.new_context(viewport=viewport, accept_downloads=True)
        allowed = page_file.resolve().as_uri()

        def mine(url: str) -> bool:
            # the page itself, or a data: URL it makes (a CSV download): no network
            return url.split("#")[0] == allowed or url.startswith("data:")

        def handle(route) -> None:
            url = route.request.url
            if mine(url):
                route.continue_()
            else:
                self.outside.append(url)
                route.abort()

        context.route("**/*", handle)
        page = context.new_page()
        page.on("request", lambda r: None if mine(r.url) else self.outside.append(r.url))
        page.on(
            "console",
            lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None,
        )
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.goto(allowed + fragment)
        page.wait_for_selector("body[data-ready=true]")
        return page


@pytest.fixture(scope="module")
def browser():
    # in the lock (requirements.txt): a missing Playwright is an error, not a skip
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        driver = Browser(playwright)
        yield driver
        driver.browser.close()


def page_file(published: Path) -> Path:
    return published / "dashboard" / "index.html"


def catalogue(database: Path) -> dict[str, dict]:
    with duckdb.connect(str(database), read_only=True) as con:
        cursor = con.execute("select * from kpi_catalogue")
        names = [d[0] for d in cursor.description]
        return {r[0]: dict(zip(names, r, strict=True)) for r in cursor.fetchall()}


def expected_tiles(database: Path) -> dict[str, dict]:
    """Each KPI's tile by SQL: its latest scorecard row, and its 7- and
    28-day windows ending on the scorecard's latest day, re-aggregated."""
    sql = """
        with through as (select max(date_day) as last_day from kpi_scorecard),
        latest as (
            select kpi_name, value, status,
                row_number() over (partition by kpi_name order by date_day desc) as n
            from kpi_scorecard
        ),
        windows as (
            select c.kpi_name, w.days,
                case when c.denominator is null then sum(s.numerator)
                    else c.scale * sum(s.numerator) / nullif(sum(s.denominator), 0)
                end as value
            from kpi_catalogue as c
            cross join (values (7), (28)) as w (days)
            cross join through
            left join kpi_scorecard as s
                on s.kpi_name = c.kpi_name
                and s.date_day > through.last_day - w.days
                and s.date_day <= through.last_day
            group by c.kpi_name, w.days, c.denominator, c.scale
        )
        select c.kpi_name, c.owner_role, c.unit, c.target, c.alert_threshold,
            l.value, coalesce(l.status, 'no_data'), w7.value, w28.value
        from kpi_catalogue as c
        left join latest as l on l.kpi_name = c.kpi_name and l.n = 1
        left join windows as w7 on w7.kpi_name = c.kpi_name and w7.days = 7
        left join windows as w28 on w28.kpi_name = c.kpi_name and w28.days = 28
    """
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(sql).fetchall()
    return {
        name: {
            "role": role,
            "unit": unit,
            "target": target,
            "threshold": threshold,
            "latest": latest,
            "status": status,
            "w7": w7,
            "w28": w28,
        }
        for name, role, unit, target, threshold, latest, status, w7, w28 in rows
    }


def rounded(value: float, digits: int) -> str:
    """As the browser's number format rounds: the double's shortest decimal,
    half away from zero, thousands grouped."""
    quantum = Decimal(1).scaleb(-digits)
    return f"{Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP):,}"


def shown(value: float | None, unit: str) -> str:
    """The text a value of `unit` shows (docs/dashboard.md, Formats)."""
    if value is None:
        return "no data"
    return {
        "ratio": lambda v: f"{rounded(v * 100, 1)} %",
        "currency": lambda v: f"€ {rounded(v, 2)}",
        "days": lambda v: f"{rounded(v, 1)} days",
        "seconds": lambda v: f"{rounded(v, 0)} s",
        "count": lambda v: rounded(v, 0),
        "score": lambda v: rounded(v, 1),
    }[unit](value)


TILES_JS = """tiles => tiles.map(t => {
    const cell = (sel) => { const e = t.querySelector(sel + ' [data-value]');
        return [e.textContent, e.dataset.value === '' ? null : Number(e.dataset.value)]; };
    return {kpi: t.dataset.kpi, role: t.dataset.role,
        status: t.querySelector('.badge').dataset.status,
        badge: t.querySelector('.badge').className,
        latest: cell('.latest'), w7: cell('.w7'), w28: cell('.w28'),
        target: cell('.target'), threshold: cell('.threshold')};
})"""


def tiles_of(page) -> dict[str, dict]:
    return {t["kpi"]: t for t in page.eval_on_selector_all(".tile", TILES_JS)}


def all_tiles(browser: Browser, published: Path, roles: list[str]) -> dict[str, dict]:
    found = {}
    for role in roles:
        page = browser.open(page_file(published), f"#role={role}")
        found.update(tiles_of(page))
        page.context.close()
    return found


def assert_tiles_equal_sql(tiles: dict[str, dict], expected: dict[str, dict]) -> None:
    assert set(tiles) == set(expected)
    for name, want in expected.items():
        tile = tiles[name]
        assert tile["role"] == want["role"], name
        assert tile["status"] == want["status"], name
        for key, field in (
            ("latest", "latest"),
            ("w7", "w7"),
            ("w28", "w28"),
            ("target", "target"),
            ("threshold", "threshold"),
        ):
            text, value = tile[key]
            assert text == shown(want[field], want["unit"]), (name, key, text, want[field])
            if want[field] is None:
                assert value is None, (name, key)
            else:
                assert value == pytest.approx(want[field], rel=1e-9), (name, key)


def test_tiles_equal_sql_on_the_published_database(browser: Browser, published: Path) -> None:
    database = published / PUBLISHED_FILE
    expected = expected_tiles(database)
    roles = sorted({t["role"] for t in expected.values()})
    assert_tiles_equal_sql(all_tiles(browser, published, roles), expected)
    # the demo has values: not every tile may be "no data"
    assert sum(t["latest"] is not None for t in expected.values()) >= 20


def test_no_console_error_and_no_request_beyond_the_file(
    browser: Browser, published: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Every role page (screenshots saved), each KPI's detail, data quality,
    definitions, a CSV download; a wall screen."""
    shots = tmp_path_factory.getbasetemp() / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    roles = sorted({k["owner_role"] for k in catalogue(published / PUBLISHED_FILE).values()})
    for role in roles:
        page = browser.open(page_file(published), f"#role={role}")
        page.screenshot(path=str(shots / f"dashboard_{role}.png"), full_page=True)
        for kpi in page.eval_on_selector_all(".tile", "ts => ts.map(t => t.dataset.kpi)"):
            page.click(f'.tile[data-kpi="{kpi}"]')
            page.wait_for_selector(f'.tile.selected[data-kpi="{kpi}"]')
            assert page.locator("#detail-title").is_visible()
        page.context.close()
    for view in ("quality", "definitions"):
        page = browser.open(page_file(published), f"#view={view}")
        assert page.locator(f"table#{view} tbody tr").count() > 0
        page.context.close()
    wall = browser.open(
        page_file(published), "#role=logistics", viewport={"width": 2560, "height": 1440}
    )
    wall.screenshot(path=str(shots / "dashboard_logistics_wall.png"))
    wall.context.close()
    assert sorted(p.name for p in shots.glob("dashboard_*.png")) == sorted(
        [f"dashboard_{r}.png" for r in roles] + ["dashboard_logistics_wall.png"]
    )
    assert browser.errors == []
    assert browser.outside == []


def test_a_chart_downloads_its_data_as_csv(browser: Browser, published: Path) -> None:
    database = published / PUBLISHED_FILE
    page = browser.open(page_file(published), "#role=logistics&kpi=return_rate")
    with page.expect_download() as download_info:
        page.click('.chart[data-dimension="category"] button.csv')
    download = download_info.value
    assert download.suggested_filename == "return_rate_by_category.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert rows[0] == ["category", "numerator", "denominator", "value"]
    # the breakdown's period: the 90 days ending on the data-through date
    with duckdb.connect(str(database), read_only=True) as con:
        expected = con.execute(
            "select category, sum(items_returned) / sum(items_sold) from kpi_return_rate "
            "where date_day > (select max(date_day) from kpi_scorecard) - 90 group by 1"
        ).fetchall()
    got = {r[0]: float(r[3]) for r in rows[1:]}
    assert got == pytest.approx(dict(expected), rel=1e-9)
    page.context.close()
    assert browser.outside == []


def test_switching_role_shows_only_that_roles_kpis(browser: Browser, published: Path) -> None:
    owners = catalogue(published / PUBLISHED_FILE)
    page = browser.open(page_file(published))
    roles = page.eval_on_selector_all("nav a[data-role]", "as => as.map(a => a.dataset.role)")
    assert sorted(roles) == sorted({k["owner_role"] for k in owners.values()})
    for role in [*roles[1:], roles[0]]:
        page.click(f'nav a[data-role="{role}"]')
        page.wait_for_selector(f'nav a.active[data-role="{role}"]')
        assert page.url.endswith(f"#role={role}")
        shown_kpis = page.eval_on_selector_all(".tile", "ts => ts.map(t => t.dataset.kpi)")
        assert sorted(shown_kpis) == sorted(k for k, v in owners.items() if v["owner_role"] == role)
    page.context.close()


def test_planted_alerts_appear_in_the_alerts_list(browser: Browser, planted: Path) -> None:
    page = browser.open(page_file(planted), "#role=sales")
    items = page.eval_on_selector_all(
        "#alerts li",
        "ls => ls.map(l => [l.dataset.kpi, l.querySelector('.alert-days').textContent, l.textContent])",
    )
    listed = {kpi: (days, text) for kpi, days, text in items}
    # in alert on its latest day, 28-30 June
    assert listed["conversion_rate"][0] == "3 days"
    assert "since 2026-06-28" in listed["conversion_rate"][1]
    # latest final day 28 June (29-30 June are immature), in alert since the 27th
    assert listed["bounce_rate"][0] == "2 days"
    assert "to 2026-06-28" in listed["bounce_rate"][1]
    assert "since 2026-06-27" in listed["bounce_rate"][1]
    # the list names every open alert of kpi_alerts, with its window's value
    with duckdb.connect(str(planted / PUBLISHED_FILE), read_only=True) as con:
        in_alert = dict(
            con.execute("select kpi_name, window_days from kpi_alerts where is_open").fetchall()
        )
    assert set(listed) == set(in_alert)
    days = in_alert["conversion_rate"]
    assert f"over the {days} days to 2026-06-30" in listed["conversion_rate"][1]
    # a page written by `ecommerce-kpis watch` after a failed run says when it failed
    assert page.is_visible("#failed")
    assert page.text_content("#failed") == f"last failed run: {LAST_FAILURE}"
    page.context.close()


def test_a_kpi_without_data_shows_no_data_and_statuses_are_read_generically(
    browser: Browser, planted: Path
) -> None:
    database = planted / PUBLISHED_FILE
    tiles = all_tiles(browser, planted, ["marketing", "sales"])
    upsell = tiles["upsell_ratio"]
    for key in ("latest", "w7", "w28"):
        assert upsell[key] == ["no data", None]
    assert upsell["status"] == "no_data"
    # an immature day and a status the page does not know: shown as they are, neutral
    assert tiles["bounce_rate"]["status"] == "immature"
    assert tiles["click_through_rate"]["status"] == "recomputing"
    assert "status-other" in tiles["click_through_rate"]["badge"]
    expected = {k: v for k, v in expected_tiles(database).items() if k in tiles}
    assert_tiles_equal_sql(tiles, expected)
    page = browser.open(page_file(planted), "#role=sales&kpi=upsell_ratio")
    assert page.locator("#detail .nodata").count() >= 2
    page.context.close()
    assert browser.errors == []


# ---------- the command ----------


def test_the_page_is_one_file_with_its_refresh(published: Path, tmp_path: Path, root: Path) -> None:
    out = tmp_path / "dash"
    assert (
        main(["dashboard", "--published", str(published), "--out", str(out), "--refresh", "60"])
        == 0
    )
    html = (out / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="60">' in html
    assert "http://" not in html and "https://" not in html
    assert "<script src" not in html and "<link" not in html
    default = (page_file(published)).read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' not in default
    # small, and docs/dashboard.md states the size of the demo's page (within 10 %)
    size_kb = page_file(published).stat().st_size / 1000
    assert size_kb < 400
    docs = (root / "docs" / "dashboard.md").read_text(encoding="utf-8")
    stated = int(re.search(r"\*\*Size\*\*: (\d+) kB", docs).group(1))
    assert stated == pytest.approx(size_kb, rel=0.1), f"the page is {size_kb:.0f} kB"


def test_bad_input_is_a_clear_error_and_keeps_the_previous_page(
    published: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "dash"
    assert main(["dashboard", "--published", str(published), "--out", str(out)]) == 0
    before = (out / "index.html").read_bytes()
    capsys.readouterr()
    assert main(["dashboard", "--published", str(tmp_path / "nothing"), "--out", str(out)]) == 1
    assert "no published database" in capsys.readouterr().err
    incomplete = tmp_path / "incomplete"
    incomplete.mkdir()
    with duckdb.connect(str(incomplete / PUBLISHED_FILE)) as con:
        con.execute("create table kpi_catalogue (kpi_name varchar)")
    assert main(["dashboard", "--published", str(incomplete), "--out", str(out)]) == 1
    assert (
        "lacks the published tables ['kpi_scorecard', 'kpi_alerts', 'dq_table_summary', 'dq_rule_summary']"
        in (capsys.readouterr().err)
    )
    assert (
        main(["dashboard", "--published", str(published), "--out", str(out), "--refresh", "-5"])
        == 1
    )
    assert "--refresh" in capsys.readouterr().err
    assert (out / "index.html").read_bytes() == before
    assert [p.name for p in out.iterdir()] == ["index.html"]
    with pytest.raises(DashboardError):
        build(tmp_path / "nothing")


def test_the_exposure_depends_on_what_the_page_reads(root: Path) -> None:
    """models/marts/_exposures.yml: the four tables the page reads and
    every mart the catalogue names (their breakdowns), no more."""
    exposures = yaml.safe_load((root / "models" / "marts" / "_exposures.yml").read_text())
    (dashboard,) = [e for e in exposures["exposures"] if e["name"] == "kpi_dashboard"]
    read = {"kpi_catalogue", "kpi_scorecard", *REQUIRED_TABLES} | {
        kpi.mart for kpi in load_catalogue(root)
    }
    assert {re.fullmatch(r"ref\('(\w+)'\)", d).group(1) for d in dashboard["depends_on"]} == read


def test_the_embedded_data_cannot_close_its_script_and_has_no_nan() -> None:
    html = render({"label": "</script><script>alert(1)</script>", "v": float("nan"), "refresh": 0})
    data = html.split('<script type="application/json" id="data">', 1)[1].split("</script>", 1)[0]
    assert json.loads(data) == {
        "label": "</script><script>alert(1)</script>",
        "v": None,
        "refresh": 0,
    }
    assert "<script>alert(1)" not in html


def test_header_data_quality_and_definitions_come_from_the_published_tables(
    browser: Browser, published: Path
) -> None:
    database = published / PUBLISHED_FILE
    with duckdb.connect(str(database), read_only=True) as con:
        (through,) = con.execute("select max(date_day) from kpi_scorecard").fetchone()
        quality = con.execute(
            "select source_table, raw_rows, clean_rows, rejected_rows from dq_table_summary"
        ).fetchall()
    page = browser.open(page_file(published), "#view=quality")
    assert page.text_content("#through") == through.isoformat()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", page.text_content("#built"))
    assert page.is_hidden("#failed")  # no failed run of `ecommerce-kpis watch`
    shown_quality = page.eval_on_selector_all(
        "table#quality tbody tr",
        "rs => rs.map(r => [...r.cells].slice(0, 4).map(c => c.textContent))",
    )
    assert sorted(shown_quality) == sorted(
        [table, f"{raw:,}", f"{clean:,}", f"{rejected:,}"]
        for table, raw, clean, rejected in quality
    )
    page.goto(page_file(published).resolve().as_uri() + "#view=definitions")
    page.wait_for_selector("table#definitions")
    formulas = dict(
        page.eval_on_selector_all(
            "table#definitions tbody tr",
            "rs => rs.map(r => [r.dataset.kpi, r.cells[2].textContent])",
        )
    )
    assert formulas == {name: kpi["formula"] for name, kpi in catalogue(database).items()}
    page.context.close()
    assert browser.errors == []


def test_the_quarantine_rules_are_listed_per_table(
    browser: Browser, published: Path, planted: Path
) -> None:
    # the demo quarantines nothing: the panel says so, with no table
    page = browser.open(page_file(published), "#view=quality")
    assert page.text_content("#rules") == "No row broke a rule."
    page.context.close()
    page = browser.open(page_file(planted), "#view=quality")
    shown = page.eval_on_selector_all(
        "table#rules tbody tr", "rs => rs.map(r => [...r.cells].map(c => c.textContent))"
    )
    assert shown == [
        ["orders", "ordered_at: not a valid timestamp", "1,234"],
        ["sessions", "channel: not one of the allowed values", "5"],
    ]
    page.context.close()
    assert browser.errors == []
