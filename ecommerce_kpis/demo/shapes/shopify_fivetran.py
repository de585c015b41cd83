"""The demo shop as the Fivetran Shopify connector lands it (REST-era columns).

``landed(tables)`` turns the contract-shaped demo tables (text frames, as
``generate`` returns them) into the loader's tables, named and typed as
Fivetran lands them, plus the awkward rows a real shop has and the adapter
must set aside or quarantine (docs/adapters/shopify_fivetran.md):

- a test order and an order deleted in Shopify, each with a line (set aside);
- a gift card line on a demo order (set aside);
- every 10th webshop order with prices including 21 % VAT and its tax lines;
- a cancelled order in USD, converted through ``fx_rates`` (no KPI reads it);
- bad rows: an order in USD on a day without a rate, one in an unknown
  currency, one whose time is no time (with an offset), and a line whose
  order was never landed (quarantined by the base models).

Shopify's ids are opaque text to the adapter, so the demo ids are kept; the
adapter prefixes them (``shopify:O0000001``). Contract facts Shopify does not
hold are not written: sessions, the order's session, promotions, shifts,
picking methods, carrier costs, picking errors, return request times.
"""

from __future__ import annotations

import pandas as pd

# Shopify's return reasons for the contract's (late_delivery has none)
RETURN_REASONS = {
    "wrong_size": "SIZE_TOO_SMALL",
    "damaged": "DEFECTIVE",
    "wrong_item": "WRONG_ITEM",
    "not_as_described": "NOT_AS_DESCRIBED",
    "changed_mind": "UNWANTED",
    "late_delivery": "OTHER",
    "other": "OTHER",
}
PLATFORM = "shopify"
FILLS = (
    "customers",
    "products",
    "stores",
    "warehouses",
    "orders",
    "order_lines",
    "returns",
    "shipments",
)
VAT = 0.21
USD_RATE = "0.92000000"  # one USD in EUR on the converted order's day


def _iso_z(text: pd.Series) -> pd.Series:
    """``2025-01-01 10:00:00`` (UTC) as Fivetran's ISO form ``2025-01-01T10:00:00Z``."""
    return text.where(text.isna(), text.str.replace(" ", "T") + "Z")


def _money(values: pd.Series) -> pd.Series:
    return values.map(lambda v: f"{v:.2f}")


def landed(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The Fivetran Shopify tables of the demo shop, keyed by the loader's table name."""
    out: dict[str, pd.DataFrame] = {}
    customers = tables["customers"]
    out["customer"] = pd.DataFrame(
        {
            "id": customers["customer_id"],
            "email": customers["email"],
            # an offset the adapter must convert: +00:00 is UTC
            "created_at": customers["created_at"].str.replace(" ", "T") + "+00:00",
            "_fivetran_deleted": "false",
        }
    )
    out["customer_address"] = pd.DataFrame(
        {
            "id": "A" + customers["customer_id"],
            "customer_id": customers["customer_id"],
            "country_code": customers["country_code"],
            "is_default": "true",
        }
    )
    b2b = customers[customers["customer_type"] == "b2b"]
    out["customer_tag"] = pd.DataFrame(
        {"customer_id": b2b["customer_id"], "index": "0", "value": "B2B"}
    )

    products = tables["products"]
    names = products["product_name"].str.rsplit(" ", n=1)
    groups = products.drop_duplicates("product_group_id")
    group_names = names.loc[groups.index].str[0]
    out["product"] = pd.DataFrame(
        {
            "id": groups["product_group_id"],
            "title": group_names,
            "product_type": groups["category"],
            "vendor": groups["brand"],
            "status": "active",
        }
    )
    out["product_variant"] = pd.DataFrame(
        {
            "id": products["product_id"],
            "product_id": products["product_group_id"],
            "title": names.str[-1],
            "price": products["list_price"],
            "inventory_item_id": "I" + products["product_id"],
        }
    )
    out["inventory_item"] = pd.DataFrame(
        {"id": "I" + products["product_id"], "cost": products["unit_cost"]}
    )

    stores, warehouses = tables["stores"], tables["warehouses"]
    out["location"] = pd.concat(
        [
            pd.DataFrame(
                {
                    "id": stores["store_id"],
                    "name": stores["store_name"],
                    "city": stores["city"],
                    "legacy": "false",
                }
            ),
            pd.DataFrame(
                {
                    "id": warehouses["warehouse_id"],
                    "name": warehouses["warehouse_name"],
                    "city": None,
                    "legacy": (warehouses["operator"] == "partner").map(
                        {True: "true", False: "false"}
                    ),
                }
            ),
        ],
        ignore_index=True,
    )
    out["shop"] = pd.DataFrame(
        [{"id": "1", "currency": "EUR", "taxes_included": "false", "_fivetran_deleted": "false"}]
    )

    orders = tables["orders"].reset_index(drop=True)
    is_store = orders["sales_channel"] == "store"
    webshop_rank = (~is_store).cumsum()
    taxed = (~is_store) & (webshop_rank % 10 == 0)
    order = pd.DataFrame(
        {
            "id": orders["order_id"],
            "name": "#" + (orders.index + 1001).astype(str),
            "customer_id": orders["customer_id"],
            "created_at": _iso_z(orders["ordered_at"]),
            "cancelled_at": _iso_z(orders["ordered_at"]).where(orders["status"] == "cancelled"),
            "test": "false",
            "_fivetran_deleted": "false",
            "source_name": is_store.map({True: "pos", False: "web"}),
            "location_id": orders["store_id"],
            "currency": "EUR",
            "presentment_currency": "EUR",
            "taxes_included": taxed.map({True: "true", False: "false"}),
        }
    )
    out["order_shipping_line"] = pd.DataFrame(
        {
            "id": "SL" + orders["order_id"],
            "order_id": orders["order_id"],
            "title": "Standard",
            "price": orders["shipping_fee"],
            "discounted_price": orders["shipping_fee"],
        }
    )
    # prices including tax: the shipping fee grows by the VAT, paid as a tax line
    fee = orders["shipping_fee"].astype(float)
    fee_with_tax = (fee * (1 + VAT)).round(2)
    for column in ("price", "discounted_price"):
        out["order_shipping_line"].loc[taxed, column] = _money(fee_with_tax[taxed])
    shipping_taxed = taxed & (fee > 0)
    out["order_shipping_tax_line"] = pd.DataFrame(
        {
            "order_shipping_line_id": "SL" + orders.loc[shipping_taxed, "order_id"],
            "index": "0",
            "price": _money((fee_with_tax - fee)[shipping_taxed]),
            "rate": str(VAT),
        }
    )

    lines = tables["order_lines"].reset_index(drop=True)
    line_taxed = lines["order_id"].isin(orders.loc[taxed, "order_id"])
    price = lines["unit_price"].astype(float)
    discount = lines["discount_amount"].astype(float)
    quantity = lines["quantity"].astype(int)
    price_with_tax = (price * (1 + VAT)).round(2)
    discount_with_tax = (discount * (1 + VAT)).round(2)
    # the tax line is what makes the net exactly the demo's net revenue
    tax = (quantity * price_with_tax - discount_with_tax) - (quantity * price - discount)
    order_line = pd.DataFrame(
        {
            "id": lines["order_line_id"],
            "order_id": lines["order_id"],
            "product_id": None,
            "variant_id": lines["product_id"],
            "quantity": lines["quantity"],
            "price": lines["unit_price"],
            "total_discount": lines["discount_amount"],
            "gift_card": "false",
        }
    )
    order_line.loc[line_taxed, "price"] = _money(price_with_tax[line_taxed])
    order_line.loc[line_taxed, "total_discount"] = _money(discount_with_tax[line_taxed])
    out["tax_line"] = pd.DataFrame(
        {
            "order_line_id": lines.loc[line_taxed, "order_line_id"],
            "index": "0",
            "title": "BTW",
            "price": _money(tax[line_taxed].round(2)),
            "rate": str(VAT),
        }
    )

    returns = tables["returns"]
    refunded = returns[returns["received_at"].notna()]
    line_orders = lines.set_index("order_line_id")["order_id"]
    out["refund"] = pd.DataFrame(
        {
            "id": "RF" + refunded["return_id"],
            "order_id": refunded["order_line_id"].map(line_orders),
            "created_at": _iso_z(refunded["received_at"]),
            "processed_at": _iso_z(refunded["received_at"]),
            "return_id": "RT" + refunded["return_id"],
        }
    )
    refund_taxed = refunded["order_line_id"].isin(lines.loc[line_taxed, "order_line_id"])
    refund_amount = refunded["refund_amount"].astype(float)
    refund_with_tax = (refund_amount * (1 + VAT)).round(2)
    out["order_line_refund"] = pd.DataFrame(
        {
            "id": refunded["return_id"],
            "refund_id": "RF" + refunded["return_id"],
            "order_line_id": refunded["order_line_id"],
            "quantity": refunded["quantity"],
            "subtotal": refunded["refund_amount"],
            "total_tax": "0.00",
            "restock_type": "return",
        }
    )
    out["order_line_refund"].loc[refund_taxed, "subtotal"] = _money(refund_with_tax[refund_taxed])
    out["order_line_refund"].loc[refund_taxed, "total_tax"] = _money(
        (refund_with_tax - refund_amount)[refund_taxed]
    )
    out["return_line_item"] = pd.DataFrame(
        {
            "id": "RL" + refunded["return_id"],
            "return_id": "RT" + refunded["return_id"],
            "order_line_id": refunded["order_line_id"],
            "quantity": refunded["quantity"],
            "return_reason": refunded["reason"].map(RETURN_REASONS),
        }
    )

    shipments = tables["shipments"]
    out["fulfillment"] = pd.DataFrame(
        {
            "id": shipments["shipment_id"],
            "order_id": shipments["order_id"],
            "location_id": shipments["warehouse_id"],
            "created_at": shipments["shipped_at"],
            "status": "success",
            "tracking_company": shipments["carrier"],
        }
    )
    out["fulfillment_event"] = _fulfillment_events(shipments)

    _add_awkward_rows(out, order, order_line)
    return out


def _fulfillment_events(shipments: pd.DataFrame) -> pd.DataFrame:
    """The carrier's events: in transit (with the promised date as estimate),
    each failed attempt, the delivery."""
    shipped = pd.to_datetime(shipments["shipped_at"])
    estimate = shipments["promised_delivery_date"] + " 12:00:00"
    events = [
        pd.DataFrame(
            {
                "id": "E0" + shipments["shipment_id"],
                "fulfillment_id": shipments["shipment_id"],
                "status": "in_transit",
                "happened_at": (shipped + pd.Timedelta(hours=1)).dt.strftime("%Y-%m-%d %H:%M:%S"),
                "estimated_delivery_at": estimate,
            }
        )
    ]
    delivered = shipments["delivered_at"].notna()
    attempts = shipments["delivery_attempts"].astype(int)
    failed = attempts - delivered.astype(int)
    for number in range(1, int(failed.max()) + 1 if len(failed) else 1):
        rows = shipments[failed >= number]
        events.append(
            pd.DataFrame(
                {
                    "id": f"E{number}" + rows["shipment_id"],
                    "fulfillment_id": rows["shipment_id"],
                    "status": "attempted_delivery",
                    "happened_at": (
                        pd.to_datetime(rows["shipped_at"]) + pd.Timedelta(hours=2 + number)
                    ).dt.strftime("%Y-%m-%d %H:%M:%S"),
                    "estimated_delivery_at": None,
                }
            )
        )
    rows = shipments[delivered]
    events.append(
        pd.DataFrame(
            {
                "id": "ED" + rows["shipment_id"],
                "fulfillment_id": rows["shipment_id"],
                "status": "delivered",
                "happened_at": rows["delivered_at"],
                "estimated_delivery_at": None,
            }
        )
    )
    frame = pd.concat(events, ignore_index=True)
    frame["_fivetran_deleted"] = "false"
    return frame


def _add_awkward_rows(
    out: dict[str, pd.DataFrame], order: pd.DataFrame, order_line: pd.DataFrame
) -> None:
    """Rows the adapter must set aside or quarantine, none of which may change a KPI."""
    first_order = order[order["source_name"] == "web"].iloc[0]
    first_line = order_line[order_line["order_id"] == first_order["id"]].iloc[0]

    def extra_order(order_id: str, **changes: str | None) -> dict:
        return {**first_order.to_dict(), "id": order_id, "name": "#" + order_id, **changes}

    def extra_line(line_id: str, order_id: str, **changes: str) -> dict:
        return {**first_line.to_dict(), "id": line_id, "order_id": order_id, **changes}

    extra_orders = [
        extra_order("X-TEST", test="true"),
        extra_order("X-DELETED", _fivetran_deleted="true"),
        # converted through fx_rates and cancelled: staged, read by no KPI
        extra_order(
            "X-USD",
            currency="USD",
            cancelled_at=first_order["created_at"],
            created_at=first_order["created_at"],
        ),
        # quarantined: USD on a day without a rate, a currency without rates,
        # a time that is no time
        # (a day no shape of `--shape stack` has a USD rate for)
        extra_order("X-USD-NO-RATE", currency="USD", created_at="2025-01-20T10:00:00Z"),
        extra_order("X-XXX", currency="XXX"),
        extra_order("X-BAD-TIME", created_at="2025-13-01T10:00:00+01:00"),
    ]
    extra_lines = [
        extra_line("X-TEST-1", "X-TEST"),
        extra_line("X-DELETED-1", "X-DELETED"),
        extra_line("X-USD-1", "X-USD", price="100.00", total_discount="10.00", quantity="2"),
        extra_line("X-USD-NO-RATE-1", "X-USD-NO-RATE"),
        extra_line("X-XXX-1", "X-XXX"),
        extra_line("X-BAD-TIME-1", "X-BAD-TIME"),
        extra_line("X-GIFT-1", first_order["id"], gift_card="true", price="50.00"),
        extra_line("X-ORPHAN-1", "X-NEVER-LANDED"),
    ]
    out["order"] = pd.concat([order, pd.DataFrame(extra_orders)], ignore_index=True)
    out["order_line"] = pd.concat([order_line, pd.DataFrame(extra_lines)], ignore_index=True)


def fx_rates(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The rate of the converted USD order's local day (and no other)."""
    first = tables["orders"][tables["orders"]["sales_channel"] == "webshop"].iloc[0]
    local_day = (
        pd.Timestamp(first["ordered_at"]).tz_localize("UTC").tz_convert("Europe/Amsterdam").date()
    )
    return pd.DataFrame(
        [{"rate_date": str(local_day), "currency": "USD", "rate_to_reporting": USD_RATE}]
    )
