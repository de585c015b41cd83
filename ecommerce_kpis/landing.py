"""Land one CSV export as the canonical CSV that DuckDB reads with a fixed dialect.

Shops export from Excel and local tools: ``;`` delimiters, decimal commas,
Windows-1252 text, day-first dates, mixed line endings, a BOM, ragged rows.
DuckDB's ``read_csv`` fails on several of these or, worse, guesses (extra
fields are silently cut), so every export goes through ``land_csv`` first
(issue 17). Its output is UTF-8, ``,``-delimited, ``"``-quoted, ``\\n``-ended,
with one extra column ``dq_file_issue``: DuckDB then reads it with
``read_csv(path, header=true, all_varchar=true, delim=',', quote='"',
escape='"')`` and never has to sniff.

The landing converts FORMAT only (what the folder's ``_format.yml`` declares)
and rejects records whose SHAPE is wrong; whether a value is VALID stays with
the dbt base models, which quarantine with their own rules. So a value that
does not match the declared format is copied exactly as it was. A file that
cannot be decoded or parsed lands as one row that carries the reason, never as
a partial table, so the build reports it instead of stopping or losing rows.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
from collections.abc import Callable
from contextlib import suppress
from dataclasses import asdict, dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, TextIO

import duckdb
import yaml

from ecommerce_kpis import schema
from ecommerce_kpis.atomic import atomic_text_file

LANDING_VERSION = 1  # part of the cache key; bump when the output changes
FORMAT_FILE = "_format.yml"  # the per-folder declaration
ISSUE_COLUMN = "dq_file_issue"
CHUNK_BYTES = 1 << 20  # the decode check holds one chunk at a time: files can be GBs
# csv's default (128 KiB) rejects a long free-text field; this limit still turns a
# runaway quote in a huge file into a whole-file issue instead of exhausting memory
FIELD_SIZE_LIMIT = 256 << 20

_KEYS = ("delimiter", "decimal_mark", "dates", "encoding")
# value as written (lower-cased) -> canonical value; and how a message lists them
_VALUES: dict[str, dict[str, str]] = {
    "delimiter": {",": ",", ";": ";", "\t": "\t", "tab": "\t", "\\t": "\t"},
    "decimal_mark": {".": ".", ",": ","},
    "dates": {"iso": "iso", "day_first": "day_first"},
    "encoding": {
        **dict.fromkeys(("utf-8", "utf8"), "utf-8"),
        **dict.fromkeys(("windows-1252", "cp1252"), "windows-1252"),
        **dict.fromkeys(("latin-1", "latin1", "iso-8859-1"), "latin-1"),
    },
}
_SHOWN = {
    "delimiter": '",", ";" or "tab" (also "\\t")',
    "decimal_mark": '"." or ","',
    "dates": "iso or day_first",
    "encoding": "utf-8, windows-1252 (cp1252) or latin-1 (latin1, iso-8859-1)",
}
_SHOWN_KEYS = ", ".join(_KEYS)
_CODECS = {"utf-8": "utf-8", "windows-1252": "cp1252", "latin-1": "latin-1"}
# what to suggest when a file is not in its declared encoding
_OTHER_ENCODINGS = {"utf-8": "windows-1252 or latin-1", "windows-1252": "utf-8 or latin-1"}

_DECIMAL_COMMA = re.compile(r"([+-]?)([0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+)(?:,([0-9]+))?")
_DAY_FIRST = re.compile(
    r"([0-9]{1,2})([-/.])([0-9]{1,2})\2([0-9]{4})(?: ([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?"
)
_Converters = dict[str, Callable[[str], str]]  # column name -> its conversion
_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


@dataclass(frozen=True)
class ExportFormat:
    """How one export is written: what ``_format.yml`` declares (defaults: the contract)."""

    delimiter: str = ","
    decimal_mark: str = "."
    dates: str = "iso"
    encoding: str = "utf-8"

    def __post_init__(self) -> None:
        # canonical values only: the cache key and the converters rely on them
        for key in _KEYS:
            if getattr(self, key) not in set(_VALUES[key].values()):
                raise ValueError(
                    f"ExportFormat.{key}: {getattr(self, key)!r}; allowed: {_SHOWN[key]}"
                )


class FormatError(ValueError):
    """A malformed ``_format.yml``: the message names the file, the key and the allowed values."""


@dataclass(frozen=True)
class Landed:
    """What ``land_csv`` wrote; also the JSON sidecar that makes a cache hit free."""

    path: Path  # the canonical CSV written
    rows: int  # data rows written (clean + rejected records)
    rejected: int  # rows written with a dq_file_issue
    blank_lines: int  # blank records skipped (not rows of the table)
    issue: str | None  # whole-file problem ("file: cannot be read: ..."), else None

    def to_json(self) -> str:
        return json.dumps({**asdict(self), "path": str(self.path)})


def read_format(folder: Path, table: str) -> ExportFormat:
    """The format of ``table``'s exports in ``folder``: ``_format.yml`` or the defaults.

    Top-level keys apply to every table, ``tables: {<table>: {...}}`` overrides
    per table. Everything is checked, also other tables' entries, so a typo
    fails the first build that reads the folder instead of silently meaning
    "default".
    """
    path = folder / FORMAT_FILE
    if not path.is_file():
        return ExportFormat()
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        hint = 'quote punctuation: delimiter: ";"'
        raise FormatError(f"{path}: cannot be read as YAML ({error}); {hint}") from error
    if document is None:
        return ExportFormat()
    settings = _settings(path, document, "", allow_tables=True)
    tables = document.get("tables") or {}
    if not isinstance(tables, dict):
        raise FormatError(f"{path}: tables: must map a table name to its keys ({_SHOWN_KEYS})")
    # an adapter's folder (table `adapter.landed_table`) names the loader's tables
    landed = table.partition(".")[2]
    known = {landed} if landed else schema.raw_tables()
    override: dict[str, str] = {}
    for name, entry in tables.items():
        if landed and name != landed:
            continue
        if name not in known:
            raise FormatError(
                f"{path}: tables: unknown table {name!r}; allowed: {', '.join(sorted(known))}"
            )
        checked = _settings(path, entry or {}, f"tables.{name}.", allow_tables=False)
        if name in (table, landed):
            override = checked
    return ExportFormat(**{**settings, **override})


def _settings(path: Path, entry: Any, where: str, *, allow_tables: bool) -> dict[str, str]:
    """The canonical values of one mapping of ``_format.yml`` (top level or one table's)."""
    if not isinstance(entry, dict):
        raise FormatError(f"{path}: {where or 'top level'}: must be a mapping of {_SHOWN_KEYS}")
    settings = {}
    for key, value in entry.items():
        if key == "tables" and allow_tables:
            continue
        if key not in _KEYS:
            allowed = _SHOWN_KEYS + (", tables" if allow_tables else "")
            raise FormatError(f"{path}: {where}{key}: unknown key; allowed keys: {allowed}")
        canonical = _VALUES[key].get(value.lower()) if isinstance(value, str) else None
        if canonical is None:
            raise FormatError(
                f"{path}: {where}{key}: {value!r} is not allowed; allowed: {_SHOWN[key]}"
            )
        settings[key] = canonical
    return settings


def land_csv(
    source: Path,
    table: str,
    out_dir: Path,
    fmt: ExportFormat | None = None,
    where_to_set: str | None = None,
) -> Landed:
    """Write ``source`` (an export of raw table ``table``) as canonical CSV into ``out_dir``.

    The output is cached by the source's path, size and mtime, the format,
    the table and ``LANDING_VERSION``: dbt calls this on every build, and a
    GB export should be read once. Raises ``FormatError`` for a bad
    ``_format.yml`` only; bad data lands as rows with an issue.
    ``where_to_set`` ends the advice of an undecodable file: where the user
    sets the encoding (default: for the table in the folder's _format.yml).
    """
    fmt = read_format(source.parent, table) if fmt is None else fmt
    where_to_set = where_to_set or f"for {table} in {FORMAT_FILE}"
    # a source adapter's landed table (`shopify_fivetran.order`, D71) has no
    # raw spec: its values are the loader's, never converted; an unreadable
    # file lands as the issue column alone
    spec = schema.raw_table(table) if "." not in table else schema.RawTable(table, "", ())
    stat = source.stat()
    material = [str(source.resolve()), stat.st_size, stat.st_mtime_ns, asdict(fmt), table]
    material += [where_to_set, LANDING_VERSION]
    key = hashlib.sha256(json.dumps(material).encode()).hexdigest()[:16]
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{table}-{key}.csv"
    sidecar = target.with_suffix(".json")
    if target.is_file() and sidecar.is_file():
        with suppress(ValueError, KeyError, TypeError):
            saved = json.loads(sidecar.read_text(encoding="utf-8"))
            return Landed(**{**saved, "path": target})
    landed = _land(
        source,
        table,
        [c.name for c in spec.columns],
        _converters(spec, fmt),
        fmt,
        target,
        where_to_set,
    )
    with atomic_text_file(sidecar) as handle:
        handle.write(landed.to_json())
    return landed


def parquet_issue(source: Path, con: duckdb.DuckDBPyConnection | None = None) -> str | None:
    """The whole-file issue of a Parquet export DuckDB cannot open, else None.

    Parquet is read as it is (nothing to land), but a truncated or foreign
    file would stop the base model while dbt compiles it. Its footer is read
    here, on a connection of its own (or a cursor of `con`: a new database
    per file cost 17 ms, GA4 lands a file a day), so that the file becomes
    one quarantined row instead (``raw_source``)."""
    try:
        with con.cursor() if con is not None else duckdb.connect() as reader:
            reader.execute("select count(*) from parquet_metadata(?)", [str(source)]).fetchall()
    except duckdb.Error as error:
        reason = str(error).splitlines()[0]
        return (
            f"file: cannot be read: {source.name} is not a Parquet file DuckDB can open ({reason})"
        )
    return None


def _converters(spec: schema.RawTable, fmt: ExportFormat) -> _Converters:
    """Column name -> the conversion its kind needs under ``fmt`` (none by default)."""
    by_kind: _Converters = {}
    if fmt.decimal_mark == ",":
        by_kind["decimal"] = by_kind["rate"] = _decimal_comma
    if fmt.dates == "day_first":
        by_kind["timestamp"] = partial(_day_first, timestamp=True)
        by_kind["date"] = partial(_day_first, timestamp=False)
    return {column.name: by_kind[column.kind] for column in spec.columns if column.kind in by_kind}


def _decimal_comma(value: str) -> str:
    """``1.234,50`` -> ``1234.50``; anything else unchanged, for the base model to judge."""
    match = _DECIMAL_COMMA.fullmatch(value.strip())
    if match is None:
        return value
    sign, whole, fraction = match.groups()
    return sign + whole.replace(".", "") + ("" if fraction is None else "." + fraction)


def _day_first(value: str, timestamp: bool) -> str:
    """``31/12/2024 14:05`` -> ``2024-12-31 14:05:00`` if it is a real date and time."""
    match = _DAY_FIRST.fullmatch(value)
    if match is None or (match[5] is not None and not timestamp):
        return value
    day, _, month, year, hour, minute, second = match.groups("0")
    try:
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
    except ValueError:  # 31-02-2024, 29-02-2023, 24:00: not a real moment
        return value
    date = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
    return f"{date} {moment:%H:%M:%S}" if timestamp else date


def _land(
    source: Path,
    table: str,
    spec: list[str],
    converters: _Converters,
    fmt: ExportFormat,
    target: Path,
    where_to_set: str,
) -> Landed:
    """Check the whole file decodes (pass 1), then parse and write it (pass 2).

    The first pass exists so that a bad byte in the last MB never leaves a
    partial table: either every record lands or one row says why none did.
    """
    codec, bom, label = _codec(source, fmt.encoding)
    issue = _decode_issue(source, codec, bom, label, where_to_set)
    if issue is None and source.stat().st_size <= bom:
        with atomic_text_file(target) as handle:
            _row_writer(handle)([*spec, ISSUE_COLUMN])
        return Landed(target, 0, 0, 0, None)
    if issue is None:
        csv.field_size_limit(max(csv.field_size_limit(), FIELD_SIZE_LIMIT))
        try:
            with atomic_text_file(target) as handle:
                return _copy(source, codec, bom, fmt.delimiter, converters, handle, target)
        except csv.Error as error:
            issue = f"file: cannot be read: {source.name} is not CSV the reader can parse ({error})"
        except _NoHeader:
            issue = f"file: cannot be read: {source.name} has no header: it holds only blank lines"
    with atomic_text_file(target) as handle:
        write = _row_writer(handle)
        write([*spec, ISSUE_COLUMN])
        write([""] * len(spec) + [issue])
    return Landed(target, 1, 1, 0, issue)


class _NoHeader(Exception):
    """The file holds only blank records (raised inside the write, which it aborts)."""


def _codec(source: Path, encoding: str) -> tuple[str, int, str]:
    """(Python codec, BOM length to skip, name for messages) of ``source``.

    A byte-order mark decides whatever is declared: no 8-bit export starts
    with FF FE, FE FF or EF BB BF in practice (the last reads as `ï»¿` in
    windows-1252), and reading UTF-16 as 8-bit is garbage.
    """
    with source.open("rb") as handle:
        start = handle.read(3)
    if start.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le", 2, "utf-16"
    if start.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be", 2, "utf-16"
    if start == codecs.BOM_UTF8:
        return "utf-8", 3, "utf-8"
    return _CODECS[encoding], 0, encoding


def _decode_issue(source: Path, codec: str, bom: int, label: str, where_to_set: str) -> str | None:
    """The whole-file issue of the first undecodable byte or NUL, by raw byte offset."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    fed = bom
    with source.open("rb") as handle:
        handle.seek(bom)
        while True:
            chunk = handle.read(CHUNK_BYTES)
            # bytes an earlier chunk ended with, kept by the decoder (a split sequence)
            pending = decoder.getstate()[0]
            start = fed - len(pending)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                offset, byte = start + error.start, (pending + chunk)[error.start]
                if label == "utf-16":
                    advice = "it starts with a UTF-16 byte-order mark: export it again"
                else:
                    advice = f"set encoding: {_OTHER_ENCODINGS[label]} {where_to_set}"
                return (
                    f"file: cannot be read: {source.name} is not {label} at byte {offset}"
                    f" (0x{byte:02X}); {advice}"
                )
            nul = text.find("\x00")
            if nul >= 0:
                offset = start + len(text[:nul].encode(codec))
                return (
                    f"file: cannot be read: {source.name} has a NUL byte at byte {offset}; "
                    "a CSV export has none (UTF-16 without a byte-order mark, or not a CSV file?)"
                )
            if not chunk:
                return None
            fed += len(chunk)


def _copy(
    source: Path,
    codec: str,
    bom: int,
    delimiter: str,
    converters: _Converters,
    out: TextIO,
    target: Path,
) -> Landed:
    """Stream the records of ``source`` into ``out``: header, then one row per record."""
    rows = rejected = blank = 0
    write = _row_writer(out)
    header: list[str] | None = None
    with source.open("rb") as raw:
        raw.seek(bom)
        # newline="": csv sees \r\n, \n and \r as record ends and keeps them inside quotes
        for record in csv.reader(
            io.TextIOWrapper(raw, encoding=codec, newline=""), delimiter=delimiter
        ):
            if not record:
                blank += 1
            elif header is None:
                header = [name.replace("\ufeff", "").strip().lower() for name in record]
                width = len(header)
                convert = [(i, converters[n]) for i, n in enumerate(header) if n in converters]
                write([*header, ISSUE_COLUMN])
            elif len(record) != width:
                rows, rejected = rows + 1, rejected + 1
                issue = f"file: {len(record)} fields, header has {width}"
                write([*(record + [""] * width)[:width], issue])
            else:
                rows += 1
                for i, function in convert:
                    record[i] = function(record[i])
                record.append("")
                write(record)
    if header is None:
        raise _NoHeader
    return Landed(target, rows, rejected, blank, None)


def _row_writer(out: TextIO) -> Callable[[list[str]], None]:
    """Writes one canonical CSV line: ``,``, ``"`` quoting with ``""``, ``\\n``.

    csv.writer does the work (C speed), except for a field with a ``\\r``:
    Python 3.11's writer leaves a lone ``\\r`` unquoted, which DuckDB would
    read as a line end, so such a row is quoted here.
    """
    writer = csv.writer(out, lineterminator="\n")

    def write(fields: list[str]) -> None:
        if "\r" not in "".join(fields):
            writer.writerow(fields)
            return
        quoted = (
            '"' + f.replace('"', '""') + '"' if _NEEDS_QUOTES.search(f) else f for f in fields
        )
        out.write(",".join(quoted) + "\n")

    return write
