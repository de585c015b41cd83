"""Local dates on DuckDB without ICU per row (decision D103).

`to_local_date` finds the reporting time zone's offset by a binary search
over the zone's transitions, which ICU gives once per compile. The analysis
`local_dates_against_icu` puts its date beside ICU's for every hour from
1989 to 2061, at each transition and the microsecond before it, and at the
instants given (var local_dates_instants); here it is compiled per zone,
with the instants of the examples worked out by hand, and run. The zones are chosen for their transitions: half
an hour of daylight saving time (Lord Howe), offsets of 45 minutes
(Kathmandu, Chatham), daylight saving time abolished (Sao Paulo, 2019), the
standard offset changed (Moscow, 2011 and 2014), transitions off the quarter
hour (St. John's until 2011), none at all (Tokyo, UTC).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest
from conftest import CI_DATABASE_NAME, run_dbt

ZONES = (
    "Europe/Amsterdam",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "America/Sao_Paulo",
    "Europe/Moscow",
    "America/St_Johns",
    "Asia/Tokyo",
    "UTC",
)

# (zone, UTC instant) -> the local date, worked out by hand from the zone's
# offset at that instant
BY_HAND = {
    # +05:45 all year: 18:15 UTC is local midnight
    ("Asia/Kathmandu", "2025-06-01 18:14:59"): date(2025, 6, 1),
    ("Asia/Kathmandu", "2025-06-01 18:15:00"): date(2025, 6, 2),
    # +11:00 until Sunday 6 April 2025 02:00 local (15:00 UTC on the 5th),
    # then +10:30
    ("Australia/Lord_Howe", "2025-04-05 13:15:00"): date(2025, 4, 6),
    ("Australia/Lord_Howe", "2025-04-12 13:15:00"): date(2025, 4, 12),
    # +13:45 in the southern summer: 10:15 UTC is local midnight
    ("Pacific/Chatham", "2025-01-15 10:14:59"): date(2025, 1, 15),
    ("Pacific/Chatham", "2025-01-15 10:15:00"): date(2025, 1, 16),
    # -03:00 since daylight saving time ended in 2019; -02:00 in January 2018
    ("America/Sao_Paulo", "2025-01-15 02:30:00"): date(2025, 1, 14),
    ("America/Sao_Paulo", "2018-01-15 02:30:00"): date(2018, 1, 15),
    # +04:00 from 2011 to October 2014, +03:00 since
    ("Europe/Moscow", "2013-01-15 20:30:00"): date(2013, 1, 16),
    ("Europe/Moscow", "2015-01-15 20:30:00"): date(2015, 1, 15),
    # until 2011 at 00:01 local, off the quarter hour: -02:30 until Sunday 30
    # October 2005 00:01 local (02:31 UTC), then -03:30
    ("America/St_Johns", "2005-10-30 02:30:00"): date(2005, 10, 30),
    ("America/St_Johns", "2005-10-30 02:35:00"): date(2005, 10, 29),
}

ANALYSIS = Path("compiled/ecommerce_kpis/analyses/local_dates_against_icu.sql")


def compiled_analysis(zone: str, instants: list[str], folder: Path) -> str:
    compiled = run_dbt(
        [
            "compile",
            "--target",
            "ci",
            "--select",
            "local_dates_against_icu",
            "--vars",
            json.dumps({"reporting_timezone": zone, "local_dates_instants": instants}),
        ],
        env={"KPI_CI_DUCKDB_PATH": str(folder / CI_DATABASE_NAME)},
    )
    assert compiled.success, compiled.output[-3000:]
    return (compiled.target_path / ANALYSIS).read_text()


@pytest.mark.parametrize("zone", ZONES)
def test_local_dates_equal_icu(zone: str, tmp_path: Path) -> None:
    pinned = {instant: day for (of_zone, instant), day in BY_HAND.items() if of_zone == zone}
    sql = compiled_analysis(zone, list(pinned), tmp_path)
    # the search is in the SQL, not ICU alone
    assert "to_seconds(" in sql
    con = duckdb.connect()
    rows = con.execute(sql).fetchall()
    assert len(rows) > 600_000  # every hour of 71 years
    differing = [row for row in rows if row[1] != row[2]]
    assert differing == []
    by_instant = {str(instant): local_date for instant, local_date, _ in rows}
    for instant, expected in pinned.items():
        assert by_instant[instant] == expected, (zone, instant)
