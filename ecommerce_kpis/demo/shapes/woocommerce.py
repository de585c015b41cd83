"""The demo shop as Airbyte's source-woocommerce lands it (PyAirbyte's streams).

``landed(tables)`` turns the contract-shaped demo tables (text frames, as
``generate`` returns them) into the streams ``orders``, ``refunds``,
``customers``, ``products``, ``product_variations`` and ``coupons``, their
nested objects and arrays (``billing``, ``line_items``, ``refunds``,
``coupon_lines``, ``categories``, ``attributes``, ``variations``,
``cross_sell_ids``, ``meta_data``) as JSON text, times as the REST API's
``*_gmt`` form (``2025-01-01T10:00:00``, UTC without an offset). The demo's
webshop is the WooCommerce shop; its store orders (with their lines and
returns) come from a POS system's exports (``elsewhere``, for var
raw_data_path). The awkward rows a real shop has
(docs/adapters/woocommerce.md):

- statuses: every 3rd completed order is ``processing``, every 7th
  ``on-hold``; every 2nd cancelled one ``failed``; an order all of whose
  lines came back is ``refunded``; a ``pending``, a ``checkout-draft`` and a
  ``trash`` order, each with a line (set aside);
- every 10th webshop order with prices including 21 % VAT (its line totals
  exclude tax all the same, the tax is in ``subtotal_tax``/``total_tax``);
- refunds of part of a line (the demo's partial returns); a refund of an
  amount only (no lines) and a refund line of quantity 0 (set aside);
- a cancelled order in USD, converted through ``fx_rates``, and a cancelled
  guest order (customer_id 0, keyed by the hash of its billing e-mail);
- a grouped product (set aside) and a simple product without a cost
  (quarantined ``unit_cost: missing``);
- bad rows: an order in USD on a day without a rate, one in an unknown
  currency, one whose time is no time, and a refund whose refunded line was
  never landed (quarantined by the base models).

Contract facts WooCommerce does not hold are not written: sessions, the
order's session, recommendation sources, return request times,
shipments. The demo's ids are kept; the adapter prefixes them.
"""

from __future__ import annotations

import json

import pandas as pd

PLATFORM = "woocommerce"
FILLS = (
    "customers",
    "products",
    "product_complements",
    "promotions",
    "orders",
    "order_lines",
    "returns",
)
VAT = 0.21
USD_RATE = "0.92000000"  # one USD in EUR on the converted order's day
COUPON_TYPES = {
    "percentage": "percent",
    "fixed_amount": "fixed_cart",
    "free_shipping": "fixed_cart",
    "bundle": "fixed_cart",
}


def _gmt(text: pd.Series) -> pd.Series:
    """``2025-01-01 10:00:00`` (UTC) as WooCommerce's ``2025-01-01T10:00:00``."""
    return text.where(text.isna(), text.str.replace(" ", "T"))


def _json(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def _text(value: object) -> str:
    """A demo value as text, '' when missing."""
    return "" if pd.isna(value) else str(value)


def _local(text: pd.Series) -> pd.Series:
    """UTC ``2025-01-01 10:00:00`` as the store's local time (Amsterdam),
    WooCommerce's ``date_created`` beside ``date_created_gmt``."""
    local = pd.to_datetime(text).dt.tz_localize("UTC").dt.tz_convert("Europe/Amsterdam")
    return local.dt.strftime("%Y-%m-%dT%H:%M:%S")


def _money(value: float) -> str:
    return f"{value:.2f}"


def _is_store(tables: dict[str, pd.DataFrame]) -> tuple[set, set]:
    """The ids of the store orders and of their lines."""
    orders = tables["orders"]
    store_orders = set(orders.loc[orders["sales_channel"] == "store", "order_id"])
    lines = tables["order_lines"]
    store_lines = set(lines.loc[lines["order_id"].isin(store_orders), "order_line_id"])
    return store_orders, store_lines


def elsewhere(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The rows of the tables the adapter fills that another system holds:
    the store orders, their lines and returns (a POS system's exports).
    Promotion ids are the adapter's (lower-cased coupon codes)."""
    store_orders, store_lines = _is_store(tables)
    orders = tables["orders"][tables["orders"]["order_id"].isin(store_orders)].copy()
    orders["promotion_id"] = orders["promotion_id"].str.lower()
    return {
        "orders": orders,
        "order_lines": tables["order_lines"][tables["order_lines"]["order_id"].isin(store_orders)],
        "returns": tables["returns"][tables["returns"]["order_line_id"].isin(store_lines)],
    }


def landed(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The Airbyte WooCommerce streams of the demo shop, keyed by stream name."""
    out = {
        "customers": _customers(tables["customers"]),
        "coupons": _coupons(tables["promotions"]),
    }
    out["products"], out["product_variations"] = _products(
        tables["products"], tables["product_complements"]
    )
    out["orders"], out["refunds"] = _orders(tables)
    _add_awkward_rows(out)
    return out


def _customers(customers: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": customers["customer_id"],
            "email": customers["email"],
            "first_name": customers["email"].str.split(".").str[0],
            "role": "customer",
            "date_created_gmt": _gmt(customers["created_at"]),
            "billing": [
                _json(
                    {
                        "email": email,
                        "country": _text(country),
                        "company": "Company of " + cid if kind == "b2b" else "",
                    }
                )
                for cid, email, country, kind in zip(
                    customers["customer_id"],
                    customers["email"],
                    customers["country_code"],
                    customers["customer_type"],
                    strict=True,
                )
            ],
            "meta_data": "[]",
        }
    )


def _coupons(promotions: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": range(1, len(promotions) + 1),
            "code": promotions["promotion_id"],
            "description": promotions["promotion_name"],
            "discount_type": promotions["promotion_type"].map(COUPON_TYPES),
            "amount": promotions["promotion_type"].map(
                lambda kind: "0.00" if kind == "free_shipping" else "10.00"
            ),
            "free_shipping": (promotions["promotion_type"] == "free_shipping").map(
                {True: "true", False: "false"}
            ),
            # noon UTC of the first and last day: the same local dates
            "date_created_gmt": promotions["starts_on"] + "T12:00:00",
            "date_expires_gmt": promotions["ends_on"] + "T12:00:00",
            "usage_count": "0",
        }
    )


def _products(
    products: pd.DataFrame, complements: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every demo product group is a variable product whose variations are
    the SKUs. A cost shared by all of a group's SKUs is the parent's meta
    (the variations inherit it), else each variation's."""
    names = products["product_name"].str.rsplit(" ", n=1)
    products = products.assign(group_name=names.str[0], option=names.str[-1])
    shared_cost = products.groupby("product_group_id")["unit_cost"].nunique() == 1
    cross_sells = complements.groupby("product_group_id")["complement_group_id"].agg(list)
    rows = []
    for group_id, group in products.groupby("product_group_id", sort=True):
        first = group.iloc[0]
        meta = (
            [{"id": 1, "key": "_wc_cog_cost", "value": first["unit_cost"]}]
            if shared_cost[group_id]
            else []
        )
        rows.append(
            {
                "id": group_id,
                "name": first["group_name"],
                "type": "variable",
                "status": "publish",
                "price": "",
                "regular_price": "",
                "categories": _json([{"id": 1, "name": first["category"], "slug": "c"}]),
                "attributes": _json(
                    [
                        {"id": 0, "name": "Brand", "variation": False, "options": [first["brand"]]},
                        {
                            "id": 1,
                            "name": "Size",
                            "variation": True,
                            "options": list(group["option"]),
                        },
                    ]
                ),
                "variations": _json(list(group["product_id"])),
                "cross_sell_ids": _json(cross_sells.get(group_id, [])),
                "meta_data": _json(meta),
            }
        )
    variations = pd.DataFrame(
        {
            "id": products["product_id"],
            "sku": products["product_id"],
            "price": products["list_price"],
            "regular_price": products["list_price"],
            "attributes": [
                _json([{"id": 1, "name": "Size", "option": o}]) for o in products["option"]
            ],
            "meta_data": [
                "[]"
                if shared_cost[group]
                else _json([{"id": 2, "key": "_wc_cog_cost", "value": cost}])
                for group, cost in zip(
                    products["product_group_id"], products["unit_cost"], strict=True
                )
            ],
        }
    )
    return pd.DataFrame(rows), variations


def _line_item(line: dict, taxed: bool) -> dict:
    quantity = int(line["quantity"])
    subtotal = quantity * float(line["unit_price"])
    total = subtotal - float(line["discount_amount"])
    rate = VAT if taxed else 0.0
    return {
        "id": line["order_line_id"],
        "name": line["product_id"],
        "product_id": line["product_group_id"],
        "variation_id": line["product_id"],
        "quantity": quantity,
        "tax_class": "",
        "subtotal": _money(subtotal),
        "subtotal_tax": _money(subtotal * rate),
        "total": _money(total),
        "total_tax": _money(total * rate),
        "price": round(total / quantity, 4),
        "meta_data": [],
    }


def _orders(tables: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    store_orders, store_lines = _is_store(tables)
    orders = tables["orders"][~tables["orders"]["order_id"].isin(store_orders)].reset_index(
        drop=True
    )
    groups = tables["products"].set_index("product_id")["product_group_id"]
    lines = tables["order_lines"][~tables["order_lines"]["order_id"].isin(store_orders)].copy()
    lines["product_group_id"] = lines["product_id"].map(groups)
    customers = tables["customers"].set_index("customer_id")

    returns = tables["returns"]
    refunded = returns[
        returns["received_at"].notna() & ~returns["order_line_id"].isin(store_lines)
    ].copy()
    line_orders = lines.set_index("order_line_id")["order_id"]
    refunded["order_id"] = refunded["order_line_id"].map(line_orders)
    # orders all of whose units came back: status refunded
    returned_units = refunded.groupby("order_id")["quantity"].apply(lambda q: q.astype(int).sum())
    sold_units = lines.groupby("order_id")["quantity"].apply(lambda q: q.astype(int).sum())
    fully_refunded = set(returned_units[returned_units >= sold_units[returned_units.index]].index)

    taxed = (orders.index + 1) % 10 == 0
    local_times = _local(orders["ordered_at"])
    lines_by_order = {
        order_id: group.to_dict("records") for order_id, group in lines.groupby("order_id")
    }
    refunds_by_order = {
        order_id: group.to_dict("records") for order_id, group in refunded.groupby("order_id")
    }
    rows = []
    completed_rank = cancelled_rank = 0
    for position, order in enumerate(orders.to_dict("records")):
        if order["status"] == "cancelled":
            cancelled_rank += 1
            status = "failed" if cancelled_rank % 2 == 0 else "cancelled"
        else:
            completed_rank += 1
            status = (
                "refunded"
                if order["order_id"] in fully_refunded
                else "on-hold"
                if completed_rank % 7 == 0
                else "processing"
                if completed_rank % 3 == 0
                else "completed"
            )
        customer = customers.loc[order["customer_id"]]
        order_refunds = refunds_by_order.get(order["order_id"], [])
        rows.append(
            {
                "id": order["order_id"],
                "parent_id": 0,
                "number": order["order_id"],
                "status": status,
                "currency": "EUR",
                "prices_include_tax": "true" if taxed[position] else "false",
                "date_created": local_times[position],
                "date_created_gmt": order["ordered_at"].replace(" ", "T"),
                "customer_id": order["customer_id"],
                "billing": _json(
                    {
                        "email": customer["email"],
                        "country": _text(customer["country_code"]),
                        "company": "",
                    }
                ),
                "shipping_total": order["shipping_fee"],
                "line_items": _json(
                    [
                        _line_item(line, taxed[position])
                        for line in lines_by_order[order["order_id"]]
                    ]
                ),
                "coupon_lines": _json(
                    [{"id": 1, "code": order["promotion_id"], "discount": "0.00"}]
                    if isinstance(order["promotion_id"], str)
                    else []
                ),
                "refunds": _json(
                    [
                        {
                            "id": "RF" + r["return_id"],
                            "reason": r["reason"].replace("_", " "),
                            "total": "-" + r["refund_amount"],
                        }
                        for r in order_refunds
                    ]
                ),
                "created_via": "checkout",
            }
        )
    refunds = pd.DataFrame(
        {
            "id": "RF" + refunded["return_id"],
            "date_created_gmt": _gmt(refunded["received_at"]),
            "amount": refunded["refund_amount"],
            # typed as people type it: the adapter matches the contract's
            # reasons case-insensitively, spaces for underscores
            "reason": refunded["reason"].str.replace("_", " ").str.capitalize(),
            "refunded_by": "1",
            "line_items": [
                _json(
                    [
                        {
                            "id": r["return_id"],
                            "quantity": -int(r["quantity"]),
                            "subtotal": "-" + r["refund_amount"],
                            "total": "-" + r["refund_amount"],
                            "total_tax": "0.00",
                            "meta_data": [
                                {"id": 9, "key": "_refunded_item_id", "value": r["order_line_id"]}
                            ],
                        }
                    ]
                )
                for r in refunded.to_dict("records")
            ],
        }
    )
    return pd.DataFrame(rows), refunds


def _add_awkward_rows(out: dict[str, pd.DataFrame]) -> None:
    """Rows the adapter must set aside or quarantine, none of which may change
    a KPI but the guest's customer (docs/adapters/woocommerce.md)."""
    orders = out["orders"]
    # the demo's first completed webshop order (fx_rates has its day's rate)
    first = orders[~orders["status"].isin(["cancelled", "failed"])].iloc[0].to_dict()
    first_line = json.loads(first["line_items"])[0]

    def extra(order_id: str, **changes: object) -> dict:
        line = {**first_line, "id": order_id + "-1"}
        line.update(changes.pop("line", {}))
        return {
            **first,
            "id": order_id,
            "number": order_id,
            "refunds": "[]",
            "coupon_lines": "[]",
            "line_items": _json([line]),
            **changes,
        }

    usd_line = {"quantity": 2, "subtotal": "200.00", "total": "190.00", "price": 95}
    extra_orders = [
        extra("X-PENDING", status="pending"),
        extra("X-DRAFT", status="checkout-draft", created_via="store-api"),
        extra("X-TRASH", status="trash"),
        # converted through fx_rates and cancelled: staged, read by no KPI
        extra("X-USD", status="cancelled", currency="USD", line=usd_line),
        # a guest: customer_id 0, keyed by the hash of the billing e-mail
        extra(
            "X-GUEST",
            status="cancelled",
            customer_id="0",
            billing=_json({"email": " Guest.Buyer@Example.com", "country": "be", "company": ""}),
        ),
        # quarantined: USD on a day without a rate, a currency without
        # rates, a time that is no time
        extra("X-USD-NO-RATE", currency="USD", date_created_gmt="2025-02-01T10:00:00"),
        extra("X-XXX", currency="XXX"),
        extra("X-BAD-TIME", date_created_gmt="2025-13-01T10:00:00"),
    ]
    out["orders"] = pd.concat([orders, pd.DataFrame(extra_orders)], ignore_index=True)

    refund_template = out["refunds"].iloc[0].to_dict()
    extra_refunds = [
        # money back without goods: no lines, or a line of quantity 0
        {**refund_template, "id": "X-RF-AMOUNT", "amount": "5.00", "line_items": "[]"},
        {
            **refund_template,
            "id": "X-RF-ZERO",
            "amount": "3.00",
            "line_items": _json(
                [
                    {
                        "id": "X-RF-ZERO-1",
                        "quantity": 0,
                        "total": "-3.00",
                        "meta_data": [
                            {"key": "_refunded_item_id", "value": first_line["id"]},
                        ],
                    }
                ]
            ),
        },
        # its refunded line was never landed: quarantined
        {
            **refund_template,
            "id": "X-RF-ORPHAN",
            "line_items": _json(
                [
                    {
                        "id": "X-RF-ORPHAN-1",
                        "quantity": -1,
                        "total": "-9.00",
                        "meta_data": [{"key": "_refunded_item_id", "value": "X-NEVER-LANDED"}],
                    }
                ]
            ),
        },
    ]
    out["refunds"] = pd.concat([out["refunds"], pd.DataFrame(extra_refunds)], ignore_index=True)

    products = out["products"]
    template = products.iloc[0].to_dict()
    extra_products = [
        # a set of other products: set aside (with its cross-sell)
        {
            **template,
            "id": "X-GROUPED",
            "type": "grouped",
            "variations": "[]",
            "cross_sell_ids": _json([template["id"]]),
        },
        # no cost: quarantined, never sold
        {
            **template,
            "id": "X-SIMPLE-NO-COST",
            "type": "simple",
            "price": "19.95",
            "regular_price": "19.95",
            "variations": "[]",
            "cross_sell_ids": "[]",
            "meta_data": "[]",
        },
    ]
    out["products"] = pd.concat([products, pd.DataFrame(extra_products)], ignore_index=True)


def fx_rates(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The rate of the converted USD order's local day (and no other)."""
    orders = tables["orders"]
    webshop = orders[(orders["sales_channel"] == "webshop") & (orders["status"] == "completed")]
    first = webshop.iloc[0]
    local_day = (
        pd.Timestamp(first["ordered_at"]).tz_localize("UTC").tz_convert("Europe/Amsterdam").date()
    )
    return pd.DataFrame(
        [{"rate_date": str(local_day), "currency": "USD", "rate_to_reporting": USD_RATE}]
    )
