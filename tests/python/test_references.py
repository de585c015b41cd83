"""The benchmark's references (hand-written DuckDB SQL, pandas, Polars) equal the marts.

On the demo seeds written as typed Parquet, every reference must equal the
marts of the suite's dbt build row for row; on a tiny hand-made data set they
must give numbers worked out by hand.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest

from ecommerce_kpis.schema import RAW_TABLES
from kpi_devtools.references import (
    KPI_COLUMNS,
    KPIS,
    duckdb_sql,
    pandas_kpis,
    polars_kpis,
    raw_path,
)
from kpi_devtools.references.compare import compare
from kpi_devtools.references.typed_raw import write_typed_parquet

ROOT = Path(__file__).resolve().parents[2]

# half the raw tables as a folder of part files, the others as one file
# every other table as a folder of parts (product_views, which the
# references do not read, left out of the alternation so that sessions and
# orders keep different layouts)
PART_TABLES = [table for table in sorted(RAW_TABLES) if table != "product_views"][::2]


@pytest.fixture(scope="module")
def demo_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo_raw")
    written = write_typed_parquet(ROOT / "seeds" / "raw", folder, part_tables=PART_TABLES)
    assert set(written) == set(RAW_TABLES)
    return folder


def test_demo_raw_uses_both_layouts_with_contract_types(demo_raw: Path) -> None:
    layouts = {table: raw_path(demo_raw, table).is_dir() for table in RAW_TABLES}
    assert any(layouts.values()) and not all(layouts.values())
    assert layouts["sessions"] != layouts["orders"]
    for table, column, kind in [
        ("order_lines", "quantity", "INTEGER"),
        ("order_lines", "unit_price", "DECIMAL(18,2)"),
        ("sessions", "session_start_at", "TIMESTAMP"),
        ("marketing_costs", "cost_date", "DATE"),
    ]:
        described = dict(
            duckdb.sql(f"describe select * from {duckdb_sql.reader(demo_raw, table)}")
            .project("column_name, column_type")
            .fetchall()
        )
        assert described[column] == kind


def test_duckdb_sql_reference_equals_the_marts(
    demo_raw: Path, ci_database: Path, tmp_path: Path
) -> None:
    con = duckdb_sql.connect()
    try:
        rows = duckdb_sql.run(demo_raw, con=con)
        duckdb_sql.write(con, tmp_path)
    finally:
        con.close()
    assert set(rows) == set(KPIS) and all(rows.values())
    assert compare(tmp_path, ci_database) == []


def test_pandas_reference_equals_the_marts(
    demo_raw: Path, ci_database: Path, tmp_path: Path
) -> None:
    rows = pandas_kpis.run(demo_raw, out=tmp_path)
    assert set(rows) == set(KPIS) and all(rows.values())
    assert compare(tmp_path, ci_database) == []


def test_polars_reference_equals_the_marts(
    demo_raw: Path, ci_database: Path, tmp_path: Path
) -> None:
    rows = polars_kpis.run(demo_raw, out=tmp_path)
    assert set(rows) == set(KPIS) and all(rows.values())
    assert compare(tmp_path, ci_database) == []


def test_command_lines_write_every_result(demo_raw: Path, tmp_path: Path) -> None:
    for module in (duckdb_sql, pandas_kpis, polars_kpis):
        out = tmp_path / module.__name__.rsplit(".", 1)[-1]
        assert module.main([str(demo_raw), "--out", str(out)]) == 0
        assert sorted(p.stem for p in out.glob("*.parquet")) == sorted(KPIS)


@pytest.mark.parametrize(
    "timezone",
    # offsets and DST changes on half and three-quarter hours
    ["Asia/Kathmandu", "America/St_Johns", "Australia/Lord_Howe"],
)
def test_sql_local_dates_equal_per_row_conversion(
    demo_raw: Path, tmp_path: Path, timezone: str
) -> None:
    """The SQL converts UTC quarter-hours, pandas and Polars every timestamp: same days."""
    pandas_kpis.run(demo_raw, timezone, out=tmp_path / "pandas")
    polars_kpis.run(demo_raw, timezone, out=tmp_path / "polars")
    database = tmp_path / "sql.duckdb"
    con = duckdb_sql.connect(database=database)
    try:
        con.execute("create schema marts")
        con.execute("use marts")
        duckdb_sql.run(demo_raw, timezone, con=con)
    finally:
        con.close()
    assert compare(tmp_path / "pandas", database) == []
    assert compare(tmp_path / "polars", database) == []


def test_compare_reports_every_kind_of_difference(demo_raw: Path, tmp_path: Path) -> None:
    database = tmp_path / "marts.duckdb"
    con = duckdb_sql.connect(database=database)
    try:
        con.execute("create schema marts")
        con.execute("use marts")
        duckdb_sql.run(demo_raw, con=con)
        duckdb_sql.write(con, tmp_path / "same")
    finally:
        con.close()
    assert compare(tmp_path / "same", database) == []

    changed = tmp_path / "changed"
    changed.mkdir()
    for kpi in KPIS:
        frame = pd.read_parquet(tmp_path / "same" / f"{kpi}.parquet")
        if kpi == "kpi_bounce_rate":
            frame = frame.iloc[1:]  # a row missing
        elif kpi == "kpi_discount_margin_impact":
            frame["cogs"] = frame["cogs"].astype(float)
            frame.loc[0, "cogs"] += 0.01  # a cent off
        elif kpi == "kpi_cost_per_acquisition":
            frame["cost_per_acquisition"] = frame["cost_per_acquisition"].fillna(0.0)  # 0, not NULL
        elif kpi == "kpi_return_rate":
            continue  # no result
        frame.to_parquet(changed / f"{kpi}.parquet")
    problems = compare(changed, database)
    assert len(problems) == 4, problems
    assert any("kpi_bounce_rate: 1 rows only in the mart" in p for p in problems)
    assert any("kpi_discount_margin_impact: cogs differs on 1 rows" in p for p in problems)
    assert any("kpi_cost_per_acquisition: cost_per_acquisition differs" in p for p in problems)
    assert any("kpi_return_rate: no result file" in p for p in problems)


# ---------------------------------------------------------------------------
# A tiny hand-made data set around the start of summer time in Amsterdam
# (2025-03-30 01:00 UTC: UTC+1 before, UTC+2 after) with expected numbers
# worked out by hand.
#
# sessions (UTC -> local date):
#   S1 03-29 22:59:59 -> 03-29 23:59:59 CET   V1 desktop email  /a  1 pv 0 int (bounce) 10 s
#   S2 03-29 23:00:00 -> 03-30 00:00:00 CET   V1 desktop email  /a  3 pv 1 int 100 s
#   S3 03-30 21:59:00 -> 03-30 23:59 CEST     V2 mobile  email  /b  1 pv 0 int (bounce)   0 s
#   S4 03-30 22:00:00 -> 03-31 00:00 CEST     V2 mobile  paid_search /b 2 pv 0 int        50 s
#   S5 03-31 06:00:00 -> 03-31 08:00 CEST     V3 mobile  paid_search /b 1 pv 0 int (bounce) 30 s
# orders (products PA: shoes/B1 cost 4.00, PB: tops/B2 cost 5.00):
#   O1 C1 (b2c) S2 webshop 03-29 23:10 -> 03-30, promotion P1: L1 2 x PA at 10 - 2 discount,
#      L2 1 x PB at 5
#   O2 C1 S2 webshop 03-29 23:20 -> 03-30, no promotion: L3 1 x PA at 10
#   O3 C2 (b2b) S3 webshop 03-30 21:59:30 -> 03-30, CANCELLED: L4 3 x PB at 5
#   O4 no customer, store ST1, 03-31 08:00 -> 03-31: L5 1 x PB at 5
#   O5 C2 session SX (unknown) webshop 03-31 10:00 -> 03-31: L6 1 x PB at 5 - 1 discount
# returns: L1 1 (received) 9.00, L1 1 (in transit) 9.00, L4 1 (cancelled order: ignored)
# ad cost: CA1 (paid_search) 20.00 on 03-30, 0.00 on 03-31
# other marketing cost: email 30.00 on 03-30, affiliate 12.50 on 04-01
# door counter: ST1 7 visitors on 03-30, 0 on 04-01 (no row: no activity)
# ---------------------------------------------------------------------------

TINY = {
    "customers": """customer_id,email,customer_type,country_code,created_at
C1,c1@example.com,b2c,NL,2025-01-01 10:00:00
C2,c2@example.com,b2b,BE,2025-01-02 10:00:00
""",
    "products": """product_id,product_group_id,product_name,category,brand,list_price,unit_cost
PA,GA,Shoe,shoes,B1,10.00,4.00
PB,GB,Top,tops,B2,5.00,5.00
""",
    "stores": """store_id,store_name,city
ST1,Store one,Utrecht
""",
    "sessions": """session_id,visitor_id,customer_id,session_start_at,duration_seconds,pageviews,interactions,device_category,channel,campaign_id,landing_page
S1,V1,C1,2025-03-29 22:59:59,10,1,0,desktop,email,,/a
S2,V1,C1,2025-03-29 23:00:00,100,3,1,desktop,email,,/a
S3,V2,C2,2025-03-30 21:59:00,0,1,0,mobile,email,,/b
S4,V2,,2025-03-30 22:00:00,50,2,0,mobile,paid_search,CA1,/b
S5,V3,,2025-03-31 06:00:00,30,1,0,mobile,paid_search,CA1,/b
""",
    "orders": """order_id,customer_id,session_id,sales_channel,store_id,ordered_at,status,promotion_id,shipping_fee
O1,C1,S2,webshop,,2025-03-29 23:10:00,completed,P1,4.95
O2,C1,S2,webshop,,2025-03-29 23:20:00,completed,,4.95
O3,C2,S3,webshop,,2025-03-30 21:59:30,cancelled,,0.00
O4,,,store,ST1,2025-03-31 08:00:00,completed,,0.00
O5,C2,SX,webshop,,2025-03-31 10:00:00,completed,,0.00
""",
    "order_lines": """order_line_id,order_id,product_id,quantity,unit_price,discount_amount,recommendation_source
L1,O1,PA,2,10.00,2.00,
L2,O1,PB,1,5.00,0.00,pdp
L3,O2,PA,1,10.00,0.00,
L4,O3,PB,3,5.00,0.00,
L5,O4,PB,1,5.00,0.00,
L6,O5,PB,1,5.00,1.00,
""",
    "promotions": """promotion_id,promotion_name,promotion_type,starts_on,ends_on
P1,Spring,percentage,2025-03-01,2025-04-30
""",
    "returns": """return_id,order_line_id,quantity,reason,requested_at,received_at,refund_amount
R1,L1,1,wrong_size,2025-04-01 10:00:00,2025-04-03 10:00:00,9.00
R2,L4,1,damaged,2025-04-01 10:00:00,2025-04-02 10:00:00,5.00
R3,L1,1,changed_mind,2025-04-02 10:00:00,,9.00
""",
    "campaigns": """campaign_id,campaign_name,platform,channel,objective
CA1,Search,google_ads,paid_search,conversion
""",
    "ad_performance": """report_date,campaign_id,impressions,reach,clicks,cost,platform_conversions
2025-03-30,CA1,100,80,5,20.00,0
2025-03-31,CA1,0,0,0,0.00,0
""",
    "marketing_costs": """cost_date,channel,cost_type,amount
2025-03-30,email,email_tool,30.00
2025-04-01,affiliate,affiliate_fee,12.50
""",
    "store_traffic": """store_id,traffic_date,visitors
ST1,2025-03-30,7
ST1,2025-04-01,0
""",
}

D29, D30, D31, D01 = date(2025, 3, 29), date(2025, 3, 30), date(2025, 3, 31), date(2025, 4, 1)
NULL = None

EXPECTED: dict[str, list[tuple]] = {
    "kpi_conversion_rate": [
        (D29, "desktop", "email", 1, 0, 0.0),
        (D30, "desktop", "email", 1, 2, 2.0),  # two valid orders in one session
        (D30, "mobile", "email", 1, 0, 0.0),  # its order is cancelled
        (D31, "mobile", "paid_search", 2, 0, 0.0),  # S4 is on 03-31 in summer time
    ],
    "kpi_bounce_rate": [
        (D29, "email", "/a", 1, 1, 1.0),
        (D30, "email", "/a", 1, 0, 0.0),
        (D30, "email", "/b", 1, 1, 1.0),
        (D31, "paid_search", "/b", 2, 1, 0.5),
    ],
    "kpi_avg_session_duration": [
        (D29, "desktop", "email", False, 1, 10, 10.0),
        (D30, "desktop", "email", True, 1, 100, 100.0),
        (D30, "mobile", "email", False, 1, 0, 0.0),
        (D31, "mobile", "paid_search", False, 2, 80, 40.0),
    ],
    "kpi_cost_per_acquisition": [
        (D30, "email", 30.00, 1, 30.0),  # C1, first order O1 in an email session
        (D30, "paid_search", 20.00, 0, NULL),  # no new customer: NULL, not 0
        (D31, "unattributed", 0.00, 1, 0.0),  # C2: O3 cancelled, O5's session unknown
        (D01, "affiliate", 12.50, 0, NULL),
    ],
    "kpi_return_rate": [
        # L1 + L3: 3 items, L1 returned twice (one in transit); net 18 + 10
        (D30, "shoes", "B1", "b2c", 3, 2, 2 / 3, 28.00, 18.00),
        (D30, "tops", "B2", "b2c", 1, 0, 0.0, 5.00, 0.00),
        (D31, "tops", "B2", "b2b", 1, 0, 0.0, 4.00, 0.00),
        (D31, "tops", "B2", "unknown", 1, 0, 0.0, 5.00, 0.00),
    ],
    "kpi_average_order_value": [
        (D30, "webshop", "new", "b2c", 1, 23.00, 2.00, 23.0),
        (D30, "webshop", "returning", "b2c", 1, 10.00, 0.00, 10.0),
        (D31, "store", "unknown", "unknown", 1, 5.00, 0.00, 5.0),
        (D31, "webshop", "new", "b2b", 1, 4.00, 1.00, 4.0),  # C2's first valid order
    ],
    "kpi_discount_margin_impact": [
        # O2: gross 10, cogs 4
        (D30, "none", 1, 10.00, 0.00, 10.00, 4.00, 6.00, 0.6, 6.0, 0.0, 0.0),
        # O1: gross 20 + 5, discount 2, cogs 8 + 5, margin 10; erosion 2 / (25 - 13)
        (D30, "P1", 1, 25.00, 2.00, 23.00, 13.00, 10.00, 10 / 23, 10.0, 0.08, 1 / 6),
        # O4 + O5: gross 10, discount 1, cogs 10: gross - cogs = 0, erosion NULL
        (D31, "none", 2, 10.00, 1.00, 9.00, 10.00, -1.00, -1 / 9, -0.5, 0.1, NULL),
    ],
    "kpi_visitors_per_day": [
        (D29, "webshop", 1, 0),  # no ST1 row: nothing happened there
        (D30, "ST1", 7, 0),  # counter only
        (D30, "webshop", 2, 2),  # V1, V2; O1, O2 (O3 cancelled)
        (D31, "ST1", NULL, 1),  # an order, no counter row: visitors NULL
        (D31, "webshop", 2, 1),
        # 04-01: the counter says 0 and there is no order: no row
    ],
}
# the same data reported in UTC: S2, O1 and O2 fall on 03-29, S4 on 03-30
EXPECTED_UTC_VISITORS = [
    (D29, "webshop", 1, 2),
    (D30, "ST1", 7, 0),
    (D30, "webshop", 1, 0),
    (D31, "ST1", NULL, 1),
    (D31, "webshop", 1, 1),
]


@pytest.fixture(scope="module")
def tiny_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    csv_dir = tmp_path_factory.mktemp("tiny_csv")
    for table, text in TINY.items():
        (csv_dir / f"raw_{table}.csv").write_text(text)
    folder = tmp_path_factory.mktemp("tiny_raw")
    write_typed_parquet(csv_dir, folder, part_tables=["sessions", "order_lines"], parts=2)
    return folder


def _rows(frame: pd.DataFrame, kpi: str) -> list[tuple]:
    """The frame's rows as plain Python values."""
    grain, measures = KPI_COLUMNS[kpi]
    rows = []
    for record in frame[grain + measures].itertuples(index=False):
        row = []
        for value in record:
            if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
                row.append(None)
            elif isinstance(value, pd.Timestamp):
                row.append(value.date())
            elif isinstance(value, Decimal):
                row.append(float(value))
            elif hasattr(value, "item"):  # numpy scalars
                row.append(value.item())
            else:
                row.append(value)
        rows.append(tuple(row))
    return rows


def _assert_rows(actual: list[tuple], expected: list[tuple], kpi: str) -> None:
    expected = sorted(expected, key=lambda r: tuple(str(v) for v in r))
    actual = sorted(actual, key=lambda r: tuple(str(v) for v in r))
    assert len(actual) == len(expected), f"{kpi}: {actual}"
    for got, want in zip(actual, expected, strict=True):
        assert len(got) == len(want), f"{kpi}: {got}"
        for g, w in zip(got, want, strict=True):
            if w is None:
                assert g is None, f"{kpi}: {got} != {want}"
            elif isinstance(w, float):
                assert g == pytest.approx(w, rel=1e-12), f"{kpi}: {got} != {want}"
            else:
                assert g == w, f"{kpi}: {got} != {want}"


@pytest.fixture(scope="module")
def tiny_results(tiny_raw: Path) -> dict[str, dict[str, pd.DataFrame]]:
    return {
        "sql": duckdb_sql.compute(tiny_raw),
        "pandas": pandas_kpis.compute(tiny_raw),
        "polars": {kpi: frame.to_pandas() for kpi, frame in polars_kpis.compute(tiny_raw).items()},
    }


@pytest.mark.parametrize("reference", ["sql", "pandas", "polars"])
@pytest.mark.parametrize("kpi", KPIS)
def test_hand_computed_kpis(tiny_results, reference: str, kpi: str) -> None:
    _assert_rows(_rows(tiny_results[reference][kpi], kpi), EXPECTED[kpi], kpi)


@pytest.mark.parametrize("reference", [duckdb_sql, pandas_kpis, polars_kpis])
def test_reporting_time_zone_is_honoured(tiny_raw: Path, reference) -> None:
    results = reference.compute(tiny_raw, "UTC")
    kpi = "kpi_visitors_per_day"
    frame = results[kpi]
    if isinstance(frame, pl.DataFrame):
        frame = frame.to_pandas()
    _assert_rows(_rows(frame, kpi), EXPECTED_UTC_VISITORS, kpi)


def test_sql_refuses_a_time_zone_that_is_not_a_zone_name(tiny_raw: Path) -> None:
    with pytest.raises(ValueError, match="time zone"):
        duckdb_sql.query("kpi_bounce_rate", tiny_raw, "UTC'; drop table x; --")


def test_polars_refuses_a_time_zone_that_is_not_a_zone_name(tiny_raw: Path) -> None:
    with pytest.raises(ValueError, match="time zone"):
        polars_kpis.plans(tiny_raw, "UTC'); drop")
