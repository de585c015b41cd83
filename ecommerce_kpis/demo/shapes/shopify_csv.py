"""The demo shop as Shopify admin's CSV exports ("Export orders", "Export products").

``landed(tables)`` writes the contract-shaped demo tables (text frames, as
``generate`` returns them) in the exports' own shape: Shopify's exact
headers (every column, also those the adapter does not read), one row per
line item with the order's fields on its first row only, times in the
shop's local time with its UTC offset (Europe/Amsterdam), and the awkward
cases a real export has (docs/adapters/shopify_csv.md):

- cancelled orders (``Cancelled at``), orders with a partial refund
  (``partially_refunded``, ``Refunded Amount``; the adapter reads no refunds);
- prices including 21 % VAT (``Total`` = ``Subtotal`` + ``Shipping``) on
  single-line webshop orders without shipping fee: those with a discount
  and every 10th other one;
- a cancelled order in USD with a discount code no line shows and a line
  without SKU, converted through ``fx_rates`` (no KPI reads it);
- image rows in the products export (set aside);
- bad rows: an order in USD on a day without a rate, one in an unknown
  currency, one whose time is no time (with an offset), and a line item
  whose order has no first row (quarantined by the base models).

The orders export is split over two files (``orders_export_1.csv``,
``orders_export_2.csv``) as Shopify splits large exports. An order's
``Name`` is its demo id (a shop may set any prefix); the export has no
customer or line id: the adapter keys a customer by the salted hash of the
e-mail (``source_ids``) and a line by its order and place.
Returns are not written anywhere: the export has no line-level refunds, so
the adapter feeds no returns (the return KPIs are empty).
"""

from __future__ import annotations

import hashlib
import os

import pandas as pd

PLATFORM = "shopify"
FILLS = ("customers", "products", "stores", "orders", "order_lines")
# contract tables the shape leaves out: no file of a shop with these exports has them
OMITS = ("returns",)
FORMAT = "csv"
VAT = 0.21
USD_RATE = "0.92000000"  # one USD in EUR on the converted order's day
SHOP_TIMEZONE = "Europe/Amsterdam"

ORDERS_HEADER = [
    "Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at",
    "Accepts Marketing", "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Code",
    "Discount Amount", "Shipping Method", "Created at", "Lineitem quantity", "Lineitem name",
    "Lineitem price", "Lineitem compare at price", "Lineitem sku", "Lineitem requires shipping",
    "Lineitem taxable", "Lineitem fulfillment status", "Billing Name", "Billing Street",
    "Billing Address1", "Billing Address2", "Billing Company", "Billing City", "Billing Zip",
    "Billing Province", "Billing Country", "Billing Phone", "Shipping Name", "Shipping Street",
    "Shipping Address1", "Shipping Address2", "Shipping Company", "Shipping City",
    "Shipping Zip", "Shipping Province", "Shipping Country", "Shipping Phone", "Notes",
    "Note Attributes", "Cancelled at", "Payment Method", "Payment Reference", "Refunded Amount",
    "Vendor", "Outstanding Balance", "Employee", "Location", "Device ID", "Id", "Tags",
    "Risk Level", "Source", "Lineitem discount", "Tax 1 Name", "Tax 1 Value", "Tax 2 Name",
    "Tax 2 Value", "Tax 3 Name", "Tax 3 Value", "Tax 4 Name", "Tax 4 Value", "Tax 5 Name",
    "Tax 5 Value", "Phone", "Receipt Number", "Duties", "Billing Province Name",
    "Shipping Province Name", "Payment ID", "Payment Terms Name", "Next Payment Due At",
    "Payment References",
]  # fmt: skip
# filled on every row of an order; the others on its first row only
EVERY_ROW = {
    "Name", "Email", "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price",
    "Lineitem compare at price", "Lineitem sku", "Lineitem requires shipping",
    "Lineitem taxable", "Lineitem fulfillment status", "Vendor", "Lineitem discount", "Phone",
}  # fmt: skip
PRODUCTS_HEADER = [
    "Handle", "Title", "Body (HTML)", "Vendor", "Product Category", "Type", "Tags", "Published",
    "Option1 Name", "Option1 Value", "Option1 Linked To", "Option2 Name", "Option2 Value",
    "Option2 Linked To", "Option3 Name", "Option3 Value", "Option3 Linked To", "Variant SKU",
    "Variant Grams", "Variant Inventory Tracker", "Variant Inventory Qty",
    "Variant Inventory Policy", "Variant Fulfillment Service", "Variant Price",
    "Variant Compare At Price", "Variant Requires Shipping", "Variant Taxable", "Variant Barcode",
    "Image Src", "Image Position", "Image Alt Text", "Gift Card", "SEO Title", "SEO Description",
    "Google Shopping / Google Product Category", "Google Shopping / Gender",
    "Google Shopping / Age Group", "Google Shopping / MPN", "Google Shopping / Condition",
    "Google Shopping / Custom Product", "Google Shopping / Custom Label 0",
    "Google Shopping / Custom Label 1", "Google Shopping / Custom Label 2",
    "Google Shopping / Custom Label 3", "Google Shopping / Custom Label 4", "Variant Image",
    "Variant Weight Unit", "Variant Tax Code", "Cost per item", "Included / United States",
    "Price / United States", "Compare At Price / United States", "Included / International",
    "Price / International", "Compare At Price / International", "Status",
]  # fmt: skip


def customer_id(email: str) -> str:
    """The adapter's customer key without its prefix: the salted hash of the
    e-mail, as macro hash_pii computes it (env KPI_PII_SALT)."""
    salt = os.environ.get("KPI_PII_SALT", "ecommerce-kpis-demo-salt")
    return hashlib.sha256((salt + email.strip().lower()).encode()).hexdigest()


def source_ids(tables: dict[str, pd.DataFrame]) -> dict[str, dict[str, str]]:
    """Demo ids -> the adapter's ids (unprefixed) of the tables it keys anew,
    for the other raw tables that point at them (sessions, surveys)."""
    customers = tables["customers"]
    hashed = customers["email"].map(customer_id)
    return {"customers": dict(zip(customers["customer_id"], hashed, strict=True))}


def _local(utc: pd.Series) -> pd.Series:
    """UTC ``YYYY-MM-DD HH:MM:SS`` as Shopify writes times: local, ``+0100``."""
    stamps = pd.to_datetime(utc).dt.tz_localize("UTC").dt.tz_convert(SHOP_TIMEZONE)
    return stamps.dt.strftime("%Y-%m-%d %H:%M:%S %z").where(utc.notna())


def _money(values: pd.Series) -> pd.Series:
    return values.map(lambda v: f"{v:.2f}")


def landed(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The export files of the demo shop, keyed by file name without ``.csv``."""
    products = tables["products"]
    rows = _order_rows(tables)
    half = _order_split(rows)
    return {
        "orders_export_1": rows.iloc[:half].reset_index(drop=True),
        "orders_export_2": pd.concat([rows.iloc[half:], _awkward_rows(rows)], ignore_index=True),
        "products_export_1": _product_rows(products),
    }


def _order_split(rows: pd.DataFrame) -> int:
    """Where to split the rows in two files: at an order's first row."""
    first_rows = rows.index[rows["Currency"] != ""]
    return int(first_rows[len(first_rows) // 2])


def _order_rows(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    orders = tables["orders"].reset_index(drop=True)
    lines = tables["order_lines"].merge(
        tables["products"][["product_id", "product_name", "brand"]], on="product_id"
    )
    customers = tables["customers"].set_index("customer_id")
    returns = tables["returns"].merge(
        tables["order_lines"][["order_line_id", "order_id"]], on="order_line_id"
    )
    refunded = (
        returns[returns["received_at"].notna()]
        .assign(amount=lambda r: r["refund_amount"].astype(float))
        .groupby("order_id")["amount"]
        .sum()
    )
    shipped = tables["shipments"].groupby("order_id")["shipped_at"].min()
    shipped_local = _local(shipped)

    price = lines["unit_price"].astype(float)
    discount = lines["discount_amount"].astype(float)
    quantity = lines["quantity"].astype(int)
    lines = lines.assign(net=quantity * price - discount)
    line_count = lines.groupby("order_id").size()
    fee = orders["shipping_fee"].astype(float)
    single = orders["order_id"].map(line_count) == 1
    discounted = orders["order_id"].map(
        lines.groupby("order_id")["discount_amount"].apply(
            lambda amounts: amounts.astype(float).sum() > 0
        )
    )
    candidates = (orders["sales_channel"] == "webshop") & single & (fee == 0)
    taxed = candidates & (discounted | (candidates.cumsum() % 10 == 0))
    taxed_ids = set(orders.loc[taxed, "order_id"])

    # prices including VAT: gross unit price and discount, the line's net kept
    # exact through the order's tax (docs: net share)
    is_taxed = lines["order_id"].isin(taxed_ids)
    gross_price = price.where(~is_taxed, (price * (1 + VAT)).round(2))
    gross_discount = discount.where(~is_taxed, (discount * (1 + VAT)).round(2))
    lines = lines.assign(
        gross_price=gross_price,
        gross_discount=gross_discount,
        gross=quantity * gross_price - gross_discount,
    )
    per_order = lines.groupby("order_id").agg(
        net=("net", "sum"), gross=("gross", "sum"), discount=("gross_discount", "sum")
    )
    out = []
    ordered_local = _local(orders["ordered_at"])
    lines_of: dict[str, list[dict]] = {}
    for line in lines.to_dict("records"):
        lines_of.setdefault(line["order_id"], []).append(line)
    for position, order in orders.iterrows():
        order_id = order["order_id"]
        sums = per_order.loc[order_id]
        is_taxed_order = order_id in taxed_ids
        customer = customers.loc[order["customer_id"]] if pd.notna(order["customer_id"]) else None
        subtotal = round(sums["gross"], 2)
        shipping = fee[position]
        if is_taxed_order:
            taxes = round(subtotal - sums["net"], 2)
            total = subtotal + shipping
        else:
            taxes = round((sums["net"] + shipping) * VAT, 2)
            total = subtotal + shipping + taxes
        refund = refunded.get(order_id, 0.0)
        cancelled = order["status"] == "cancelled"
        is_store = order["sales_channel"] == "store"
        first = {
            "Financial Status": "voided"
            if cancelled
            else ("partially_refunded" if refund else "paid"),
            "Paid at": ordered_local[position],
            "Fulfillment Status": "fulfilled" if is_store or order_id in shipped else "unfulfilled",
            "Fulfilled at": ordered_local[position]
            if is_store
            else shipped_local.get(order_id, ""),
            "Accepts Marketing": "no",
            "Currency": "EUR",
            "Subtotal": f"{subtotal:.2f}",
            "Shipping": f"{shipping:.2f}",
            "Taxes": f"{taxes:.2f}",
            "Total": f"{total:.2f}",
            "Discount Code": "",
            "Discount Amount": f"{sums['discount']:.2f}",
            "Shipping Method": "" if is_store else "Standard",
            "Billing Country": "" if customer is None else (customer["country_code"] or ""),
            "Shipping Country": ""
            if customer is None or is_store
            else (customer["country_code"] or ""),
            "Cancelled at": ordered_local[position] if cancelled else "",
            "Payment Method": "Shopify Payments",
            "Refunded Amount": f"{refund:.2f}",
            "Outstanding Balance": "0.00",
            "Location": order["store_id"] if is_store else "",
            "Id": str(5_000_000_000_000 + position),
            "Tags": "B2B" if customer is not None and customer["customer_type"] == "b2b" else "",
            "Risk Level": "Low",
            "Source": "pos" if is_store else "web",
            "Tax 1 Name": "BTW 21%",
            "Tax 1 Value": f"{taxes:.2f}",
        }
        for number, line in enumerate(lines_of[order_id]):
            row = dict.fromkeys(ORDERS_HEADER, "")
            row.update(
                {
                    "Name": order_id,
                    "Email": "" if customer is None else customer["email"],
                    "Created at": ordered_local[position],
                    "Lineitem quantity": line["quantity"],
                    "Lineitem name": line["product_name"],
                    "Lineitem price": f"{line['gross_price']:.2f}",
                    "Lineitem sku": line["product_id"],
                    "Lineitem requires shipping": "true",
                    "Lineitem taxable": "true",
                    "Lineitem fulfillment status": "fulfilled",
                    "Vendor": line["brand"],
                    "Lineitem discount": f"{line['gross_discount']:.2f}",
                }
            )
            if number == 0:
                row.update(first)
            out.append(row)
    return pd.DataFrame(out, columns=ORDERS_HEADER)


def _awkward_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Orders and line items the adapter must convert or quarantine, none of
    which may change a KPI (a copy of the first webshop order, changed)."""
    first = rows[(rows["Source"] == "web")].iloc[0].to_dict()

    def row(name: str, **changes: str) -> dict:
        return {**first, "Name": name, **changes}

    def continuation(name: str, **changes: str) -> dict:
        kept = {c: (v if c in EVERY_ROW else "") for c, v in first.items()}
        return {**kept, "Name": name, **changes}

    usd_time = first["Created at"]
    extra = [
        # converted at the day's USD rate and cancelled: staged, read by no KPI.
        # Discount code WELCOME: 19.50 of the 29.50 no line shows
        row(
            "X-USD",
            **{
                "Currency": "USD",
                "Cancelled at": usd_time,
                "Financial Status": "refunded",
                "Lineitem quantity": "2",
                "Lineitem price": "100.00",
                "Lineitem discount": "10.00",
                "Discount Code": "WELCOME",
                "Discount Amount": "29.50",
                "Subtotal": "175.50",
                "Shipping": "10.00",
                "Taxes": "0.00",
                "Tax 1 Value": "0.00",
                "Total": "185.50",
                "Refunded Amount": "185.50",
            },
        ),
        continuation(
            "X-USD",
            **{
                "Lineitem quantity": "1",
                "Lineitem name": "Gift wrap",
                "Lineitem price": "5.00",
                "Lineitem sku": "",
                "Lineitem discount": "0.00",
                "Vendor": "",
            },
        ),
        # quarantined: USD on a day without a rate, a currency without rates,
        # a time that is no time
        row(
            "X-USD-NO-RATE",
            **{"Currency": "USD", "Created at": "2025-02-01 11:00:00 +0100"},
        ),
        row("X-XXX", Currency="XXX"),
        row("X-BAD-TIME", **{"Created at": "2025-13-01 10:00:00 +0100"}),
        # a line item whose order has no first row in the export
        continuation("X-NEVER-LANDED"),
    ]
    return pd.DataFrame(extra, columns=ORDERS_HEADER)


def _product_rows(products: pd.DataFrame) -> pd.DataFrame:
    """One row per variant, the product's fields on its first row, then a
    row of a further image per product; and a product without SKU."""
    names = products["product_name"].str.rsplit(" ", n=1)
    out = []
    for group, variants in products.groupby("product_group_id", sort=True):
        for number, (index, variant) in enumerate(variants.iterrows()):
            row = dict.fromkeys(PRODUCTS_HEADER, "")
            row.update(
                {
                    "Handle": group,
                    "Option1 Value": names[index][-1],
                    "Variant SKU": variant["product_id"],
                    "Variant Inventory Tracker": "shopify",
                    "Variant Inventory Policy": "deny",
                    "Variant Fulfillment Service": "manual",
                    "Variant Price": variant["list_price"],
                    "Variant Requires Shipping": "true",
                    "Variant Taxable": "true",
                    "Gift Card": "false",
                    "Variant Weight Unit": "kg",
                    "Cost per item": variant["unit_cost"],
                    "Status": "active",
                }
            )
            if number == 0:
                row.update(
                    {
                        "Title": names[index][0],
                        "Vendor": variant["brand"],
                        "Type": variant["category"],
                        "Published": "true",
                        "Option1 Name": "Size",
                        "Image Src": f"https://cdn.example.com/{group}-1.jpg",
                        "Image Position": "1",
                    }
                )
            out.append(row)
        image = dict.fromkeys(PRODUCTS_HEADER, "")
        image.update(
            {
                "Handle": group,
                "Image Src": f"https://cdn.example.com/{group}-2.jpg",
                "Image Position": "2",
            }
        )
        out.append(image)
    gift_wrap = dict.fromkeys(PRODUCTS_HEADER, "")
    gift_wrap.update(
        {
            "Handle": "gift-wrap",
            "Title": "Gift wrap",
            "Type": "service",
            "Option1 Name": "Title",
            "Option1 Value": "Default Title",
            "Variant Price": "5.00",
            "Cost per item": "0.50",
            "Status": "active",
        }
    )
    out.append(gift_wrap)
    return pd.DataFrame(out, columns=PRODUCTS_HEADER)


def fx_rates(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The rate of the converted USD order's local day (and no other)."""
    first = tables["orders"][tables["orders"]["sales_channel"] == "webshop"].iloc[0]
    local_day = (
        pd.Timestamp(first["ordered_at"]).tz_localize("UTC").tz_convert(SHOP_TIMEZONE).date()
    )
    return pd.DataFrame(
        [{"rate_date": str(local_day), "currency": "USD", "rate_to_reporting": USD_RATE}]
    )
