"""Rebuild tests/data/online_retail_sample.parquet from the real export.

The sample is every line of a few chosen customers (their whole history, so
that cancellations meet the purchases they return) plus a few chosen
invoices, each picked for a case the adapter must handle. Only this sample is
committed; the real file (CC BY 4.0, UCI Online Retail II) is not.

    .venv/bin/python tests/data/make_online_retail_sample.py \
        /work/shared/data/online_retail_ii_2009_2010.parquet
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

OUT = Path(__file__).with_name("online_retail_sample.parquet")

# customer id -> why it is in the sample
CUSTOMERS = {
    15971: "cancellation split over two lines; unmatched cancellations",
    16544: "cancellations split over order lines",
    17396: "duplicated cancellation line; invoices around the October DST switch",
    16077: "partly matched cancellation; March DST switch",
    14477: "matched and unmatched cancellations",
    15056: "exact duplicate sale line",
    13765: "zero-priced line; price with three decimals (PADS 0.001)",
    15198: "invoices on both sides of both DST switches",
    16047: "EIRE; only an adjustment line, so no order and no customer row",
    12362: "Belgium; a postage-only invoice",
    14933: "Channel Islands (no ISO code); bought, cancelled, bought again",
    12652: "Germany",
    12636: "USA; a postage-only invoice",
    12351: "Unspecified (no ISO code)",
    12466: "France; only an adjustment line",
    12414: "Austria: postage on sales, cancelled postage, a returned product",
    12807: "postage on sales and cancelled postage",
    13163: "b2c customer with a return",
    16061: "b2c customer with a return",
    14173: "b2c customer with a return",
    18227: "b2c customer with a return",
    14328: "b2c customer, manual line on a sale",
}

# invoice -> why it is in the sample
INVOICES = {
    "509955": "sale without customer id, with DOTCOM postage",
    "515757": "postage-only invoice without customer id",
    "506393": "sale without customer id with a zero-priced line",
    "C489860": "product cancellation without customer id",
    "C494438": "cancelled bank charges without customer id",
    "A506401": "bad-debt adjustment",
    "501180": "stock write-off (negative quantity, no sale)",
    "501162": "zero-priced line, no sale",
    "504700": "discount line (D) on its own invoice",
    "490948": "bank charges",
    "490760": "manual line (M)",
    "491725": "test product",
    "531411": "Amazon fee",
    "513946": "gift voucher",
    "491990": "carriage (C2) on its own invoice",
    "497584": "manual line (M) beside a product on a sale without customer id",
}


def main(source: Path) -> None:
    customers = ", ".join(str(c) for c in CUSTOMERS)
    invoices = ", ".join(f"'{i}'" for i in INVOICES)
    con = duckdb.connect()
    con.execute(
        f"""
        copy (
            select * exclude (file_row_number)
            from read_parquet('{source.as_posix()}', file_row_number = true)
            where "Customer ID" in ({customers}) or "Invoice" in ({invoices})
            order by file_row_number
        ) to '{OUT.as_posix()}' (format parquet)
        """
    )
    print(
        f"wrote {OUT}: {con.execute(f'select count(*) from read_parquet({OUT.as_posix()!r})').fetchone()[0]} lines"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
