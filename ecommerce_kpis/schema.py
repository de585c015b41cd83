"""The raw tables of the KPI contract (section 2): names, columns and types.

This is the single place the Python code learns the contract's raw layout
from; the seed YAML and the generator tests are checked against it.
"""

from __future__ import annotations

from typing import Final

# (column, contract type); "decimal" means decimal(18,2) in raw data.
RAW_TABLES: Final[dict[str, list[tuple[str, str]]]] = {
    "customers": [
        ("customer_id", "varchar"),
        ("email", "varchar"),
        ("customer_type", "varchar"),
        ("country_code", "varchar"),
        ("created_at", "timestamp"),
    ],
    "products": [
        ("product_id", "varchar"),
        ("product_group_id", "varchar"),
        ("product_name", "varchar"),
        ("category", "varchar"),
        ("brand", "varchar"),
        ("list_price", "decimal"),
        ("unit_cost", "decimal"),
    ],
    "product_complements": [
        ("product_group_id", "varchar"),
        ("complement_group_id", "varchar"),
    ],
    "stores": [
        ("store_id", "varchar"),
        ("store_name", "varchar"),
        ("city", "varchar"),
    ],
    "warehouses": [
        ("warehouse_id", "varchar"),
        ("warehouse_name", "varchar"),
        ("operator", "varchar"),
    ],
    "sessions": [
        ("session_id", "varchar"),
        ("visitor_id", "varchar"),
        ("customer_id", "varchar"),
        ("session_start_at", "timestamp"),
        ("duration_seconds", "integer"),
        ("pageviews", "integer"),
        ("interactions", "integer"),
        ("device_category", "varchar"),
        ("channel", "varchar"),
        ("campaign_id", "varchar"),
        ("landing_page", "varchar"),
    ],
    "orders": [
        ("order_id", "varchar"),
        ("customer_id", "varchar"),
        ("session_id", "varchar"),
        ("sales_channel", "varchar"),
        ("store_id", "varchar"),
        ("ordered_at", "timestamp"),
        ("status", "varchar"),
        ("promotion_id", "varchar"),
        ("shipping_fee", "decimal"),
    ],
    "order_lines": [
        ("order_line_id", "varchar"),
        ("order_id", "varchar"),
        ("product_id", "varchar"),
        ("quantity", "integer"),
        ("unit_price", "decimal"),
        ("discount_amount", "decimal"),
        ("recommendation_source", "varchar"),
    ],
    "promotions": [
        ("promotion_id", "varchar"),
        ("promotion_name", "varchar"),
        ("promotion_type", "varchar"),
        ("starts_on", "date"),
        ("ends_on", "date"),
    ],
    "returns": [
        ("return_id", "varchar"),
        ("order_line_id", "varchar"),
        ("quantity", "integer"),
        ("reason", "varchar"),
        ("requested_at", "timestamp"),
        ("received_at", "timestamp"),
        ("refund_amount", "decimal"),
    ],
    "shipments": [
        ("shipment_id", "varchar"),
        ("order_id", "varchar"),
        ("warehouse_id", "varchar"),
        ("shift", "varchar"),
        ("picking_method", "varchar"),
        ("carrier", "varchar"),
        ("shipped_at", "timestamp"),
        ("promised_delivery_date", "date"),
        ("delivered_at", "timestamp"),
        ("delivery_attempts", "integer"),
        ("fulfilment_error", "varchar"),
        ("shipping_cost", "decimal"),
    ],
    "fulfilment_costs": [
        ("cost_date", "date"),
        ("warehouse_id", "varchar"),
        ("cost_type", "varchar"),
        ("amount", "decimal"),
    ],
    "campaigns": [
        ("campaign_id", "varchar"),
        ("campaign_name", "varchar"),
        ("platform", "varchar"),
        ("channel", "varchar"),
        ("objective", "varchar"),
    ],
    "ad_performance": [
        ("report_date", "date"),
        ("campaign_id", "varchar"),
        ("impressions", "integer"),
        ("reach", "integer"),
        ("clicks", "integer"),
        ("cost", "decimal"),
        ("platform_conversions", "integer"),
    ],
    "marketing_costs": [
        ("cost_date", "date"),
        ("channel", "varchar"),
        ("cost_type", "varchar"),
        ("amount", "decimal"),
    ],
    "nps_responses": [
        ("response_id", "varchar"),
        ("customer_id", "varchar"),
        ("order_id", "varchar"),
        ("touchpoint", "varchar"),
        ("responded_at", "timestamp"),
        ("score", "integer"),
    ],
    "store_traffic": [
        ("store_id", "varchar"),
        ("traffic_date", "date"),
        ("visitors", "integer"),
    ],
}

SESSION_CHANNELS: Final = (
    "organic_search",
    "paid_search",
    "paid_social",
    "organic_social",
    "email",
    "display",
    "affiliate",
    "referral",
    "direct",
)
DEVICE_CATEGORIES: Final = ("desktop", "mobile", "tablet")
RETURN_REASONS: Final = (
    "wrong_size",
    "damaged",
    "wrong_item",
    "not_as_described",
    "changed_mind",
    "late_delivery",
    "other",
)
FULFILMENT_ERRORS: Final = ("wrong_item", "wrong_size", "missing_item", "damaged")
NPS_TOUCHPOINTS: Final = ("post_purchase", "post_delivery", "post_return", "periodic")
SHIFTS: Final = ("early", "late", "night")
PICKING_METHODS: Final = ("single_order", "batch", "zone", "wave")
PROMOTION_TYPES: Final = ("percentage", "fixed_amount", "free_shipping", "bundle")
FASHION_CATEGORIES: Final = ("dresses", "tops", "jeans", "shoes")
OTHER_CATEGORIES: Final = ("accessories", "home", "beauty")


def columns(table: str) -> list[str]:
    """Column names of a raw table, in contract order."""
    return [name for name, _ in RAW_TABLES[table]]
