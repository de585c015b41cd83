"""Adapter: the UCI "Online Retail II" export onto the project's raw contract.

``adapt(source, out_dir)`` reads the export (Invoice, StockCode, Description,
Quantity, InvoiceDate, Price, Customer ID, Country: one row per invoice line)
and writes ``customers``, ``products``, ``stores``, ``orders``,
``order_lines`` and ``returns`` as ``<table>.parquet`` with exactly the
contract's raw columns, so that ``dbt build --vars '{raw_data_path: OUT_DIR,
reporting_timezone: Europe/London}'`` runs the KPI pipeline on it. The other
raw tables (sessions, shipments, campaigns, surveys, ...) do not exist in this
export and are not written: the pipeline treats absent tables as empty.

Every source line ends up in exactly one bucket of the returned report:
``mapped`` (it became contract data), ``passed_to_quarantine`` (it was
written, and the pipeline's quarantine rejects it under the rule named in the
report), or ``set_aside`` (the adapter did not write it, with the reason).
The report also counts the rows of each table written, the cancellation units
matched and unmatched, and the GBP amount of every bucket.

The SQL is in ``sql/<step>.sql`` beside this module (package data, plain SQL
with ``{placeholders}`` filled by ``_sql``); the Python here orders the steps,
matches cancellations to sales and assembles the report.

Decisions (docs/online_retail.md has the reasons and the numbers):

- Currency: amounts stay in GBP as reported; they are not converted to EUR.
  Every money column of the marts is GBP for this shop. Whether prices
  include VAT is not documented by the source; they are used as reported.
  Prices with more than two decimals are rounded to cents.
- Time: InvoiceDate is UK local time. It is converted from Europe/London to
  UTC with the IANA rules (GMT in winter, BST = UTC+1 from the last Sunday of
  March to the last Sunday of October). Run the pipeline with
  ``reporting_timezone: Europe/London`` so that local dates are the shop's.
- Customers: the float id becomes text without decimals (13085.0 ->
  '13085'). ``created_at`` is the customer's first invoice line of any kind.
  ``customer_type`` is ``b2b`` when the median quantity of the customer's
  sale lines is at least 6 (the shop's smallest common trade pack: the shop
  sells largely wholesale), else ``b2c``. ``country_code`` is the ISO-3166
  alpha-2 code of the country of the customer's latest invoice; names
  without a code (Unspecified, European Community, Channel Islands, West
  Indies) and names not in COUNTRY_CODES become ``ZZ`` (ISO's user-assigned
  code for an unknown country). No e-mail exists (NULL).
- Invoices without a customer id are real sales without a customer account.
  The contract's only home for such orders is ``sales_channel = 'store'``
  (customer optional), so they are written as orders of one pseudo-store
  ``NO_ACCOUNT`` ("sales without customer account"). They count in the
  order-level KPIs (AOV, return rate) and, as the contract says for
  anonymous orders, not in the customer KPIs. Filter ``sales_channel =
  'webshop'`` for account customers only.
- Orders: one per sales invoice (numeric invoice number) with at least one
  product line of positive quantity and price. ``ordered_at`` is the
  invoice's earliest line time, ``status`` is ``completed`` (cancellations
  are returns, see below), ``shipping_fee`` is the sum of the invoice's
  postage lines (POST, DOT, C2, C3): postage is charged to the customer and
  is not revenue. No sessions, promotions or discounts exist.
- Lines of a sales invoice: product lines become order lines (``unit_price``
  = Price, ``discount_amount`` 0). Zero-priced product lines (free goods) and
  exact copies of a line (all eight columns equal; the copy gets the same
  ``order_line_id``) are written and left to the quarantine
  (``unit_price: not above 0``, ``order_line_id: duplicate``). Other codes
  (M manual, D discount, S samples, ADJUST, BANK CHARGES, AMAZONFEE, TEST,
  gift vouchers) are not products and are set aside, as are negative
  quantities on sales invoices (stock write-offs). Invoices without any
  priced product line (stock adjustments, fee-only or manual invoices) and
  ``A`` invoices (bad-debt adjustments) are set aside entirely.
- Products: ``product_id`` = StockCode, ``product_group_id`` = its five
  leading digits (variants such as 85123A / 85123B share a group),
  ``product_name`` = the most common description on its sale lines,
  ``list_price`` = the most common unit price on its sale lines (ties: the
  higher), ``unit_cost`` = 0 because the purchase cost is unknown: COGS is 0,
  so every gross-margin figure equals net revenue and must not be read as a
  margin. ``category`` comes from keywords in the name (CATEGORY_RULES, first
  match wins, else ``other``); ``brand`` is ``not_recorded``.
- Returns: a ``C`` invoice line (negative quantity) of a product is a return,
  not a cancelled order. It is matched to the line it returns: the latest
  earlier (ordered_at <= the C invoice time) order line of the same customer
  and stock code whose unreturned quantity covers it; when no single line
  does, it is split over those lines from the latest back. Cancellations are
  matched in time order, so a line is never returned more than it sold.
  What cannot be matched (no customer id, no earlier purchase in the data,
  already fully returned) is set aside and counted in units.
  ``requested_at`` = ``received_at`` = the C invoice time (a credit note is
  issued when the return is accepted: the cycle time is order -> credit),
  ``reason`` = ``other`` (not recorded), ``refund_amount`` = quantity *
  the C line's price.
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any, Final

import duckdb
import pyarrow as pa

from ecommerce_kpis.adapters.online_retail.mappings import (
    ANONYMOUS_STORE_ID,
    BRAND,
    CATEGORY_RULES,
    COUNTRY_CODES,
    LOCAL_TIMEZONE,
    POSTAGE_CODES,
    RETURN_REASON,
    SERVICE_CODE_PATTERN,
    UNKNOWN_COUNTRY,
    WHOLESALE_MEDIAN_QUANTITY,
    WRITTEN_TABLES,
)
from ecommerce_kpis.schema import RAW_TABLES, columns
from ecommerce_kpis.sql_names import sql_literal


class AdapterError(ValueError):
    """The source cannot be read as an Online Retail II export."""


SOURCE_COLUMNS: Final = (
    "Invoice",
    "StockCode",
    "Description",
    "Quantity",
    "InvoiceDate",
    "Price",
    "Customer ID",
    "Country",
)


def _sql(name: str, **params: object) -> str:
    """The query ``sql/<name>.sql`` with its ``{placeholders}`` filled in.

    Placeholders take SQL text: literals arrive quoted (``sql_literal``).
    """
    template = (resources.files(__package__) / "sql" / f"{name}.sql").read_text(encoding="utf-8")
    return template.format(**params)


def _category_sql(expression: str) -> str:
    whens = []
    for category, words in CATEGORY_RULES:
        pattern = r"\b(" + "|".join(re.escape(w) for w in words) + r")S?\b"
        whens.append(f"when regexp_matches({expression}, {sql_literal(pattern)}) then '{category}'")
    return "case " + " ".join(whens) + " else 'other' end"


def _create_country_codes(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create temp table country_codes (name varchar, code varchar)")
    con.executemany(
        "insert into country_codes values (?, ?)",
        [(name, code or UNKNOWN_COUNTRY) for name, code in COUNTRY_CODES.items()],
    )


def _reader(source: Path) -> tuple[str, str]:
    """The scan of the export and the expression of a line's position in it."""
    path = sql_literal(source.as_posix())
    if source.suffix.lower() == ".csv":
        # a CSV scan keeps the file order (DuckDB preserves insertion order)
        return f"read_csv({path}, header = true, all_varchar = true)", "row_number() over ()"
    return f"read_parquet({path}, file_row_number = true)", "file_row_number + 1"


def adapt(source: Path, out_dir: Path) -> dict[str, Any]:
    """Write the contract's raw tables for an Online Retail II export.

    ``out_dir`` becomes exactly the adapter's export: any ``<table>.parquet``
    or ``<table>.csv`` of a contract table already in it is removed first, so
    a stale file cannot reach the pipeline. Returns the report (see the
    module docstring); it is also written to ``out_dir/_adapter_report.json``.
    """
    started = time.perf_counter()
    source = Path(source)
    out_dir = Path(out_dir)
    if not source.is_file():
        raise AdapterError(f"source file not found: {source}")
    con = duckdb.connect()
    try:
        con.execute("set enable_progress_bar = false")
        _create_country_codes(con)
        _load(con, source)
        _classify(con)
        _match_returns(con)
        _finalise_dispositions(con)
        out_dir.mkdir(parents=True, exist_ok=True)
        for table in RAW_TABLES:
            for suffix in (".parquet", ".csv"):
                (out_dir / f"{table}{suffix}").unlink(missing_ok=True)
        counts = _write_tables(con, out_dir)
        report = _report(con, source, counts)
    finally:
        con.close()
    report["seconds"] = round(time.perf_counter() - started, 2)
    (out_dir / "_adapter_report.json").write_text(json.dumps(report, indent=2) + "\n")
    return report


def _load(con: duckdb.DuckDBPyConnection, source: Path) -> None:
    reader, position = _reader(source)
    try:
        present = {row[0] for row in con.execute(f"describe select * from {reader}").fetchall()}
    except duckdb.Error as error:
        raise AdapterError(f"cannot read {source}: {error}") from error
    missing = [c for c in SOURCE_COLUMNS if c not in present]
    if missing:
        raise AdapterError(f"{source} lacks the column(s) {', '.join(missing)}")
    # src_row: the line's position in the file, for stable ids and "first copy"
    con.execute(_sql("load_source", position=position, reader=reader))


def _classify(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        _sql(
            "classify_lines",
            local_timezone=sql_literal(LOCAL_TIMEZONE),
            postage_codes=", ".join(sql_literal(c) for c in POSTAGE_CODES),
            service_code_pattern=sql_literal(SERVICE_CODE_PATTERN),
        )
    )


def _match_returns(con: duckdb.DuckDBPyConnection) -> None:
    """Link each cancellation line to the order line(s) it returns.

    Cancellations in time order; each takes the latest earlier order line of
    the same customer and stock code whose unreturned quantity covers it,
    else splits over those lines from the latest back. The loop runs in
    Python over the few thousand (customer, stock code) pairs that have
    cancellations; DuckDB selects the inputs.
    """
    cancellations = con.execute(_sql("cancellations_to_match")).fetchall()
    sold = con.execute(_sql("sales_with_cancellations")).fetchall()
    candidates: dict[tuple[str, str], list[list[Any]]] = defaultdict(list)
    for line_id, customer, code, quantity, ordered_at in sold:
        candidates[(customer, code)].append([ordered_at, line_id, quantity])
    for lines in candidates.values():
        lines.sort(reverse=True)  # latest first: (ordered_at, line_id) descending

    returns: dict[str, list[Any]] = {c: [] for c in columns("returns")}
    returns["invoice"] = []
    returns["line_number"] = []
    outcomes: dict[str, list[Any]] = {"invoice": [], "line_number": [], "matched": []}
    for invoice, line_number, customer, code, wanted, price, requested_at in cancellations:
        earlier = [c for c in candidates.get((customer, code), []) if c[0] <= requested_at]
        covering = [c for c in earlier if c[2] >= wanted]
        chosen = covering[:1] if covering else [c for c in earlier if c[2] > 0]
        left = wanted
        for part, candidate in enumerate(chosen, start=1):
            if left == 0:
                break
            take = min(left, candidate[2])
            candidate[2] -= take
            left -= take
            returns["return_id"].append(f"{invoice}-{line_number:04d}-{part}")
            returns["order_line_id"].append(candidate[1])
            returns["quantity"].append(take)
            returns["reason"].append(RETURN_REASON)
            returns["requested_at"].append(requested_at)
            returns["received_at"].append(requested_at)
            returns["refund_amount"].append(take * price)
            returns["invoice"].append(invoice)
            returns["line_number"].append(line_number)
        outcomes["invoice"].append(invoice)
        outcomes["line_number"].append(line_number)
        outcomes["matched"].append(wanted - left)

    returns_table = pa.table(
        {
            "return_id": pa.array(returns["return_id"], pa.string()),
            "order_line_id": pa.array(returns["order_line_id"], pa.string()),
            "quantity": pa.array(returns["quantity"], pa.int64()),
            "reason": pa.array(returns["reason"], pa.string()),
            "requested_at": pa.array(returns["requested_at"], pa.timestamp("us")),
            "received_at": pa.array(returns["received_at"], pa.timestamp("us")),
            "refund_amount": pa.array(returns["refund_amount"], pa.float64()),
            "invoice": pa.array(returns["invoice"], pa.string()),
            "line_number": pa.array(returns["line_number"], pa.int64()),
        }
    )
    outcome_table = pa.table(
        {
            "invoice": pa.array(outcomes["invoice"], pa.string()),
            "line_number": pa.array(outcomes["line_number"], pa.int64()),
            "matched": pa.array(outcomes["matched"], pa.int64()),
        }
    )
    con.register("matched_returns_arrow", returns_table)
    con.register("cancellation_outcomes_arrow", outcome_table)
    con.execute("create temp table matched_returns as select * from matched_returns_arrow")
    con.execute(
        "create temp table cancellation_outcomes as select * from cancellation_outcomes_arrow"
    )
    con.unregister("matched_returns_arrow")
    con.unregister("cancellation_outcomes_arrow")


def _finalise_dispositions(con: duckdb.DuckDBPyConnection) -> None:
    """One outcome and reason per source line, cancellations included."""
    con.execute(_sql("dispositions"))


def _write_tables(con: duckdb.DuckDBPyConnection, out_dir: Path) -> dict[str, int]:
    params = {
        "anonymous_store_id": sql_literal(ANONYMOUS_STORE_ID),
        "wholesale_median_quantity": WHOLESALE_MEDIAN_QUANTITY,
        "unknown_country": sql_literal(UNKNOWN_COUNTRY),
        "category": _category_sql("upper(product_name)"),
        "brand": sql_literal(BRAND),
    }
    counts = {}
    for table in WRITTEN_TABLES:
        con.execute(f"create temp table out_{table} as {_sql(f'out_{table}', **params)}")
        written = [row[0] for row in con.execute(f"describe out_{table}").fetchall()]
        if written != columns(table):
            raise AssertionError(f"{table}: columns {written} are not the contract's")
        counts[table] = con.execute(f"select count(*) from out_{table}").fetchone()[0]
        if counts[table]:
            path = sql_literal((out_dir / f"{table}.parquet").as_posix())
            con.execute(f"copy out_{table} to {path} (format parquet)")
    return counts


def _report(con: duckdb.DuckDBPyConnection, source: Path, counts: dict[str, int]) -> dict[str, Any]:
    source_lines = con.execute("select count(*) from src").fetchone()[0]
    buckets: dict[str, dict[str, dict[str, Any]]] = {
        "mapped": {},
        "passed_to_quarantine": {},
        "set_aside": {},
    }
    for outcome, reason, lines, amount in con.execute(_sql("report_dispositions")).fetchall():
        buckets[outcome][reason] = {"lines": lines, "amount_gbp": float(amount)}
    accounted = sum(r["lines"] for bucket in buckets.values() for r in bucket.values())
    cancellations = con.execute(_sql("report_cancellations")).fetchone()
    split = con.execute(_sql("report_split_cancellations")).fetchone()[0]
    quarantine_rows = dict(con.execute(_sql("report_quarantine_reasons")).fetchall())
    duplicate_returns = con.execute(_sql("report_duplicate_returns")).fetchone()[0]
    unknown_country = con.execute(
        f"select count(*) from out_customers where country_code = {sql_literal(UNKNOWN_COUNTRY)}"
    ).fetchone()[0]
    unmapped_names = dict(
        con.execute(
            _sql("report_countries_without_code", unknown_country=sql_literal(UNKNOWN_COUNTRY))
        ).fetchall()
    )
    rounded = con.execute("select count(*) from lines where is_price_rounded").fetchone()[0]
    customer_types = dict(
        con.execute(
            "select customer_type, count(*) from out_customers group by 1 order by 1"
        ).fetchall()
    )
    channels = dict(
        con.execute(
            "select sales_channel, count(*) from out_orders group by 1 order by 1"
        ).fetchall()
    )
    return {
        "source": str(source),
        "source_lines": source_lines,
        "accounted_lines": accounted,
        "currency": "GBP",
        "local_timezone": LOCAL_TIMEZONE,
        "tables_written": counts,
        "lines": buckets,
        "totals": {name: sum(r["lines"] for r in b.values()) for name, b in buckets.items()},
        "expected_quarantine_rows": {
            "order_lines": {
                rule: n for rule, n in quarantine_rows.items() if rule != "return_id: duplicate"
            },
            "returns": {"return_id: duplicate": duplicate_returns} if duplicate_returns else {},
        },
        "cancellations": {
            "lines": cancellations[0],
            "units": cancellations[1],
            "units_matched": cancellations[2],
            "units_unmatched": cancellations[1] - cancellations[2],
            "lines_fully_matched": cancellations[3],
            "lines_partly_matched": cancellations[4],
            "lines_unmatched": cancellations[5],
            "lines_split_over_several_order_lines": split,
        },
        "customers_with_unknown_country": unknown_country,
        "source_lines_by_country_without_code": unmapped_names,
        "prices_rounded_to_cents": rounded,
        "customer_types": customer_types,
        "orders_by_sales_channel": channels,
    }
