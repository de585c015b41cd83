"""The landing of CSV exports (issue 17): one test per export quirk.

Every input is a hand-written byte string and every expectation is worked out
by hand from the landing rules of issue 17, never copied
from the module's output. No dbt: these run in make check's fast loop.
"""

from __future__ import annotations

import codecs
import csv
import json
import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from ecommerce_kpis import landing, schema
from ecommerce_kpis.landing import (
    ExportFormat,
    FormatError,
    Landed,
    land_csv,
    parquet_issue,
    read_format,
)

ISSUE = "dq_file_issue"
SEMICOLON_COMMA_DAY_FIRST = ExportFormat(delimiter=";", decimal_mark=",", dates="day_first")


def land(
    tmp_path: Path,
    data: bytes,
    table: str = "orders",
    fmt: ExportFormat | None = None,
    format_yml: str | None = None,
) -> Landed:
    """Write ``data`` as ``<tmp>/exports/<table>.csv`` (with ``format_yml``) and land it."""
    folder = tmp_path / "exports"
    folder.mkdir(exist_ok=True)
    if format_yml is not None:
        (folder / "_format.yml").write_text(format_yml, encoding="utf-8")
    source = folder / f"{table}.csv"
    source.write_bytes(data)
    return land_csv(source, table, tmp_path / "landed", fmt)


def rows(landed: Landed) -> list[list[str]]:
    with landed.path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


# --- line endings, BOM, blank lines, quoting ---------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"order_id,status\n1,paid\n2,open\n",
        b"order_id,status\r\n1,paid\r\n2,open\r\n",
        b"order_id,status\r\n1,paid\n2,open\r",
        b"order_id,status\r1,paid\r\n2,open",
    ],
    ids=["lf", "crlf", "mixed", "mixed-cr-no-final-newline"],
)
def test_line_endings_give_the_same_canonical_bytes(tmp_path: Path, data: bytes) -> None:
    landed = land(tmp_path, data)
    assert landed.path.read_bytes() == b"order_id,status,dq_file_issue\n1,paid,\n2,open,\n"
    assert (landed.rows, landed.rejected, landed.blank_lines, landed.issue) == (2, 0, 0, None)


def test_bom_and_header_spacing_and_case_are_cleaned(tmp_path: Path) -> None:
    landed = land(tmp_path, b"\xef\xbb\xbfOrder_ID , Status\n1,paid\n")
    assert rows(landed) == [["order_id", "status", ISSUE], ["1", "paid", ""]]


def test_blank_lines_are_skipped_and_counted(tmp_path: Path) -> None:
    landed = land(tmp_path, b"\norder_id,status\n1,paid\n\n2,open\r\n\r\n\n")
    assert rows(landed) == [["order_id", "status", ISSUE], ["1", "paid", ""], ["2", "open", ""]]
    assert (landed.rows, landed.blank_lines) == (2, 4)


def test_quoted_newlines_and_doubled_quotes_survive(tmp_path: Path) -> None:
    data = b'order_id,status\n1,"two\r\nlines, ""quoted"""\n2,"lone\rcr"\n'
    landed = land(tmp_path, data)
    assert landed.path.read_bytes() == (
        b'order_id,status,dq_file_issue\n1,"two\r\nlines, ""quoted""",\n2,"lone\rcr",\n'
    )
    assert rows(landed)[1:] == [["1", 'two\r\nlines, "quoted"', ""], ["2", "lone\rcr", ""]]


def test_duckdb_reads_the_canonical_csv_with_the_strict_dialect(tmp_path: Path) -> None:
    data = b'order_id,status\n1,"a,b"\n2,"x""y"\n3,"cr\rlf\r\nlf\nend"\n4\n'
    landed = land(tmp_path, data)
    got = duckdb.sql(
        f"select * from read_csv('{landed.path}', header=true, all_varchar=true,"
        " delim=',', quote='\"', escape='\"')"
    ).fetchall()
    assert got == [
        ("1", "a,b", None),
        ("2", 'x"y', None),
        ("3", "cr\rlf\r\nlf\nend", None),
        ("4", None, "file: 1 fields, header has 2"),
    ]


# --- shape --------------------------------------------------------------------------------


def test_ragged_records_are_placed_positionally_with_the_rule_text(tmp_path: Path) -> None:
    data = b"order_id;status;shipping_fee\n1;paid\n2;open;1,50;extra\n3;paid;2,50\n"
    landed = land(tmp_path, data, fmt=SEMICOLON_COMMA_DAY_FIRST)
    assert rows(landed) == [
        ["order_id", "status", "shipping_fee", ISSUE],
        ["1", "paid", "", "file: 2 fields, header has 3"],
        # a rejected record is not converted: its fields may be in the wrong columns
        ["2", "open", "1,50", "file: 4 fields, header has 3"],
        ["3", "paid", "2.50", ""],
    ]
    assert (landed.rows, landed.rejected) == (3, 2)


def test_a_field_of_10_mb_passes(tmp_path: Path) -> None:
    big = "x" * 10_000_000
    landed = land(tmp_path, b"order_id,status\n1," + big.encode() + b"\n")
    assert rows(landed) == [["order_id", "status", ISSUE], ["1", big, ""]]


# --- encodings ----------------------------------------------------------------------------


def test_windows_1252_euro_and_e_acute(tmp_path: Path) -> None:
    landed = land(
        tmp_path, b"order_id,status\n1,\x80 caf\xe9\n", fmt=ExportFormat(encoding="windows-1252")
    )
    assert rows(landed)[1] == ["1", "\u20ac caf\u00e9", ""]


def test_latin_1_decodes_every_byte(tmp_path: Path) -> None:
    # 0x81 is undefined in windows-1252 but U+0081 in latin-1
    landed = land(
        tmp_path, b"order_id,status\n1,caf\xe9\x81\n", fmt=ExportFormat(encoding="latin-1")
    )
    assert rows(landed)[1] == ["1", "caf\u00e9\u0081", ""]


def whole_file_issue(landed: Landed, issue: str, table: str = "orders") -> None:
    """The issue file: the spec's columns, one row of empty values carrying the issue."""
    width = len(schema.columns(table))
    assert rows(landed) == [[*schema.columns(table), ISSUE], [""] * width + [issue]]
    assert (landed.rows, landed.rejected, landed.blank_lines, landed.issue) == (1, 1, 0, issue)


def test_an_undecodable_byte_is_a_whole_file_issue_at_its_offset(tmp_path: Path) -> None:
    data = b"order_id,status\n1,paid\n2,open\n3,caf\xc3\xa9\x80\n"
    assert data[37] == 0x80  # lines of 16 + 7 + 7 bytes, "3,caf" and a 2-byte "\u00e9" (37)
    whole_file_issue(
        land(tmp_path, data),
        "file: cannot be read: orders.csv is not utf-8 at byte 37 (0x80);"
        " set encoding: windows-1252 or latin-1 for orders in _format.yml",
    )


def test_the_offset_counts_the_bom_and_split_sequences(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # BOM 0-2, header 3-18, "12," 19-21, "\u00e9" (C3 A9) 22-23, 0xFF 24; read in chunks of
    # 4 bytes from byte 3, C3 ends the chunk of bytes 19-22 and A9 starts the next one
    monkeypatch.setattr(landing, "CHUNK_BYTES", 4)
    data = b"\xef\xbb\xbforder_id,status\n12,\xc3\xa9\xff\n"
    whole_file_issue(
        land(tmp_path, data),
        "file: cannot be read: orders.csv is not utf-8 at byte 24 (0xFF);"
        " set encoding: windows-1252 or latin-1 for orders in _format.yml",
    )


def test_a_sequence_cut_at_the_end_of_the_file_is_undecodable(tmp_path: Path) -> None:
    whole_file_issue(
        land(tmp_path, b"order_id\n1\xe2\x82"),
        "file: cannot be read: orders.csv is not utf-8 at byte 10 (0xE2);"
        " set encoding: windows-1252 or latin-1 for orders in _format.yml",
    )


def test_an_undefined_windows_1252_byte_is_undecodable(tmp_path: Path) -> None:
    whole_file_issue(
        land(tmp_path, b"order_id\n\x8d\n", fmt=ExportFormat(encoding="windows-1252")),
        "file: cannot be read: orders.csv is not windows-1252 at byte 9 (0x8D);"
        " set encoding: utf-8 or latin-1 for orders in _format.yml",
    )


@pytest.mark.parametrize(
    "bom, codec", [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
)
def test_a_utf_16_bom_wins_over_the_declared_encoding(
    tmp_path: Path, bom: bytes, codec: str
) -> None:
    data = bom + "order_id,status\r\n1,caf\u00e9 \u20ac\r\n".encode(codec)
    landed = land(tmp_path, data, fmt=ExportFormat(encoding="windows-1252"))
    assert rows(landed) == [["order_id", "status", ISSUE], ["1", "caf\u00e9 \u20ac", ""]]


def test_a_utf_8_bom_wins_over_a_declared_8_bit_encoding(tmp_path: Path) -> None:
    # EF BB BF read as windows-1252 would be "ï»¿" glued to the first header name
    data = codecs.BOM_UTF8 + "order_id,status\n1,caf\u00e9\n".encode()
    landed = land(tmp_path, data, fmt=ExportFormat(encoding="windows-1252"))
    assert rows(landed) == [["order_id", "status", ISSUE], ["1", "caf\u00e9", ""]]


def test_the_advice_names_where_the_encoding_is_set(tmp_path: Path) -> None:
    source = tmp_path / "orders.csv"
    source.write_bytes(b"order_id,status\n1,\x80\n")
    landed = land_csv(source, "orders", tmp_path / "out", ExportFormat(), "in the seed's place")
    assert landed.issue == (
        "file: cannot be read: orders.csv is not utf-8 at byte 18 (0x80);"
        " set encoding: windows-1252 or latin-1 in the seed's place"
    )


def test_a_nul_byte_is_a_whole_file_issue(tmp_path: Path) -> None:
    landed = land(tmp_path, b"order_id,status\n1,pa\x00id\n")
    assert landed.issue is not None
    assert landed.issue.startswith("file: cannot be read: orders.csv has a NUL byte at byte 20;")
    whole_file_issue(landed, landed.issue)


def test_a_parse_error_midway_leaves_no_partial_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def reader_failing_after_two_records(*args: object, **kwargs: object) -> Iterator[list[str]]:
        yield ["order_id"]
        yield ["1"]
        raise csv.Error("field larger than field limit (268435456)")

    monkeypatch.setattr(landing.csv, "reader", reader_failing_after_two_records)
    landed = land(tmp_path, b"order_id\n1\n2\n")
    monkeypatch.undo()
    whole_file_issue(
        landed,
        "file: cannot be read: orders.csv is not CSV the reader can parse"
        " (field larger than field limit (268435456))",
    )
    assert [path.suffix for path in (tmp_path / "landed").iterdir()].count(".tmp") == 0


# --- empty files --------------------------------------------------------------------------


def test_a_zero_byte_file_is_the_spec_header_and_no_rows(tmp_path: Path) -> None:
    landed = land(tmp_path, b"")
    assert landed.path.read_bytes() == (
        b"order_id,customer_id,session_id,sales_channel,store_id,ordered_at,status,"
        b"promotion_id,shipping_fee,dq_file_issue\n"
    )
    assert (landed.rows, landed.rejected, landed.blank_lines, landed.issue) == (0, 0, 0, None)


def test_a_header_only_file_has_no_rows(tmp_path: Path) -> None:
    landed = land(tmp_path, b"order_id,status\r\n")
    assert landed.path.read_bytes() == b"order_id,status,dq_file_issue\n"
    assert (landed.rows, landed.issue) == (0, None)


def test_only_blank_lines_is_a_missing_header(tmp_path: Path) -> None:
    landed = land(tmp_path, b"\r\n\n\n")
    assert landed.issue is not None
    assert landed.issue.startswith("file: cannot be read: orders.csv has no header")
    whole_file_issue(landed, landed.issue)


# --- the declared format ------------------------------------------------------------------

EXCEL_ORDERS = b"order_id;status;ordered_at;shipping_fee\n1;paid;31-12-2024 14:05;1.234,50\n"


def test_declared_top_level_format_converts(tmp_path: Path) -> None:
    yml = 'delimiter: ";"\ndecimal_mark: ","\ndates: day_first\nencoding: cp1252\n'
    landed = land(tmp_path, EXCEL_ORDERS, format_yml=yml)
    assert rows(landed) == [
        ["order_id", "status", "ordered_at", "shipping_fee", ISSUE],
        ["1", "paid", "2024-12-31 14:05:00", "1234.50", ""],
    ]


def test_a_per_table_override_applies_to_its_table_only(tmp_path: Path) -> None:
    yml = 'delimiter: ";"\ntables:\n  orders:\n    decimal_mark: ","\n    dates: day_first\n'
    landed = land(tmp_path, EXCEL_ORDERS, format_yml=yml)
    assert rows(landed)[1] == ["1", "paid", "2024-12-31 14:05:00", "1234.50", ""]
    customers = land(tmp_path, b"customer_id;created_at\nc1;31-12-2024 14:05\n", table="customers")
    assert rows(customers)[1] == ["c1", "31-12-2024 14:05", ""]


def test_an_undeclared_semicolon_file_is_one_column(tmp_path: Path) -> None:
    landed = land(tmp_path, EXCEL_ORDERS)
    assert rows(landed) == [
        ["order_id;status;ordered_at;shipping_fee", ISSUE],
        # the decimal comma splits the line: two fields where the header has one
        # (cut to the header's one field)
        ["1;paid;31-12-2024 14:05;1.234", "file: 2 fields, header has 1"],
    ]


def test_undeclared_decimals_and_dates_are_left_as_they_were(tmp_path: Path) -> None:
    data = b"order_id;ordered_at;shipping_fee\n1;31-12-2024 14:05;12,50\n"
    landed = land(tmp_path, data, fmt=ExportFormat(delimiter=";"))
    assert rows(landed)[1] == ["1", "31-12-2024 14:05", "12,50", ""]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("12,50", "12.50"),
        ("-3,5", "-3.5"),
        ("+3,5", "+3.5"),
        ("1.234,50", "1234.50"),
        ("1.234.567", "1234567"),
        ("7", "7"),
        (" 12,50 ", "12.50"),
        ("12.50", "12.50"),  # not grouped thousands: left alone
        ("1,2,3", "1,2,3"),
        ("1234.567,8", "1234.567,8"),
        ("1.23,4", "1.23,4"),
        ("12,", "12,"),
        ("\u20ac 12,50", "\u20ac 12,50"),
        ("", ""),
    ],
)
def test_decimal_comma_patterns(tmp_path: Path, value: str, expected: str) -> None:
    data = f"order_line_id;quantity;unit_price;recommendation_source\nl1;1,5;{value};2,5\n"
    landed = land(tmp_path, data.encode(), table="order_lines", fmt=SEMICOLON_COMMA_DAY_FIRST)
    # integer and varchar columns are never converted
    assert rows(landed)[1] == ["l1", "1,5", expected, "2,5", ""]


@pytest.mark.parametrize(
    "value, timestamp, date",
    [
        ("31-12-2024", "2024-12-31 00:00:00", "2024-12-31"),
        ("31/12/2024 14:05", "2024-12-31 14:05:00", "31/12/2024 14:05"),
        ("1.2.2024 9:05:07", "2024-02-01 09:05:07", "1.2.2024 9:05:07"),
        ("29-02-2024", "2024-02-29 00:00:00", "2024-02-29"),
        ("29-02-2023", "29-02-2023", "29-02-2023"),
        ("31-04-2024", "31-04-2024", "31-04-2024"),
        ("13/13/2024", "13/13/2024", "13/13/2024"),
        ("31-12-2024 24:00", "31-12-2024 24:00", "31-12-2024 24:00"),
        ("31-12/2024", "31-12/2024", "31-12/2024"),
        ("31-12-24", "31-12-24", "31-12-24"),
        ("2024-12-31 14:05:00", "2024-12-31 14:05:00", "2024-12-31 14:05:00"),
        ("2024-12-31", "2024-12-31", "2024-12-31"),
    ],
)
def test_day_first_dates(tmp_path: Path, value: str, timestamp: str, date: str) -> None:
    data = f"shipment_id;shipped_at;promised_delivery_date\ns1;{value};{value}\n"
    landed = land(tmp_path, data.encode(), table="shipments", fmt=SEMICOLON_COMMA_DAY_FIRST)
    assert rows(landed)[1] == ["s1", timestamp, date, ""]


# --- cache --------------------------------------------------------------------------------


def test_a_cache_hit_does_not_read_the_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = land(tmp_path, b"order_id\n1\n")
    source = tmp_path / "exports" / "orders.csv"
    stat = source.stat()
    source.write_bytes(b"order_id\n2\n")  # same size, then the old mtime back
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    def no_landing(*args: object) -> Landed:
        raise AssertionError("the source was landed again")

    monkeypatch.setattr(landing, "_land", no_landing)
    again = land_csv(source, "orders", tmp_path / "landed")
    assert again == first
    assert rows(again) == [["order_id", ISSUE], ["1", ""]]


def test_a_changed_source_or_format_is_a_cache_miss(tmp_path: Path) -> None:
    first = land(tmp_path, b"order_id\n1\n")
    source = tmp_path / "exports" / "orders.csv"
    source.write_bytes(b"order_id\n1\n2\n")
    changed = land_csv(source, "orders", tmp_path / "landed")
    assert changed.path != first.path
    assert rows(changed) == [["order_id", ISSUE], ["1", ""], ["2", ""]]
    other = land_csv(source, "orders", tmp_path / "landed", ExportFormat(delimiter=";"))
    assert other.path not in {first.path, changed.path}


def test_the_output_and_its_json_sidecar_are_the_only_files(tmp_path: Path) -> None:
    landed = land(tmp_path, b"order_id\n1\n\n")
    assert landed.path.name.startswith("orders-") and len(landed.path.stem) == len("orders-") + 16
    names = sorted(path.name for path in (tmp_path / "landed").iterdir())
    assert names == [landed.path.name, landed.path.stem + ".json"]
    expected = {"path": str(landed.path), "rows": 1, "rejected": 0, "blank_lines": 1, "issue": None}
    assert json.loads(landed.to_json()) == expected
    assert json.loads(landed.path.with_suffix(".json").read_text(encoding="utf-8")) == expected


# --- _format.yml --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "yml, expected",
    [
        ("", ExportFormat()),
        ("# nothing declared\n", ExportFormat()),
        ("delimiter: tab\n", ExportFormat(delimiter="\t")),
        ('delimiter: "\\t"\n', ExportFormat(delimiter="\t")),
        ("delimiter: '\\t'\n", ExportFormat(delimiter="\t")),
        ("encoding: cp1252\n", ExportFormat(encoding="windows-1252")),
        ("encoding: ISO-8859-1\n", ExportFormat(encoding="latin-1")),
        ("encoding: latin1\n", ExportFormat(encoding="latin-1")),
        (
            "dates: day_first\ntables:\n  customers:\n    dates: iso\n",
            ExportFormat(dates="day_first"),
        ),
        ('delimiter: ";"\ntables:\n  orders:\n    delimiter: ","\n', ExportFormat()),
    ],
)
def test_read_format(tmp_path: Path, yml: str, expected: ExportFormat) -> None:
    (tmp_path / "_format.yml").write_text(yml, encoding="utf-8")
    assert read_format(tmp_path, "orders") == expected


def test_no_format_file_is_the_defaults(tmp_path: Path) -> None:
    assert read_format(tmp_path, "orders") == ExportFormat()


@pytest.mark.parametrize(
    "yml, names",
    [
        (
            'delimter: ";"\n',
            ["delimter", "unknown key", "delimiter, decimal_mark, dates, encoding"],
        ),
        ('decimal_mark: ";"\n', ["decimal_mark", "';'", '"." or ","']),
        ("dates: dmy\n", ["dates", "'dmy'", "iso or day_first"]),
        ("encoding: utf-16\n", ["encoding", "'utf-16'", "windows-1252"]),
        ("delimiter: 1\n", ["delimiter", "1", '";"']),
        ("tables:\n  order:\n    dates: day_first\n", ["tables", "'order'", "orders"]),
        ("tables:\n  orders:\n    dates: dmy\n", ["tables.orders.dates", "iso or day_first"]),
        ("tables:\n  orders:\n    tables: {}\n", ["tables.orders.tables", "unknown key"]),
        ("tables: [orders]\n", ["tables"]),
        ("- delimiter\n", ["top level", "mapping"]),
        ("delimiter: [\n", ["YAML"]),
    ],
)
def test_a_bad_format_file_names_file_key_and_allowed_values(
    tmp_path: Path, yml: str, names: list[str]
) -> None:
    (tmp_path / "_format.yml").write_text(yml, encoding="utf-8")
    with pytest.raises(FormatError) as raised:
        read_format(tmp_path, "orders")
    for name in [str(tmp_path / "_format.yml"), *names]:
        assert name in str(raised.value)


def test_land_csv_raises_for_a_bad_format_file(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="dmy"):
        land(tmp_path, b"order_id\n1\n", format_yml="dates: dmy\n")


def test_an_export_format_holds_canonical_values_only() -> None:
    with pytest.raises(ValueError, match="delimiter"):
        ExportFormat(delimiter="|")


# --- Parquet: opened or one whole-file issue -------------------------------------------------


def test_a_readable_parquet_file_has_no_issue(tmp_path: Path) -> None:
    path = tmp_path / "orders.parquet"
    with duckdb.connect() as con:
        con.execute(f"copy (select 'O1' as order_id) to '{path.as_posix()}' (format parquet)")
    assert parquet_issue(path) is None


def test_a_cut_off_parquet_file_is_a_whole_file_issue(tmp_path: Path) -> None:
    path = tmp_path / "orders.parquet"
    with duckdb.connect() as con:
        con.execute(f"copy (select 'O1' as order_id) to '{path.as_posix()}' (format parquet)")
    path.write_bytes(path.read_bytes()[:-10])  # the footer is gone
    issue = parquet_issue(path)
    assert issue is not None
    assert issue.startswith(
        "file: cannot be read: orders.parquet is not a Parquet file DuckDB can open ("
    )
