"""The KPI marts of the contract (section 4): name, grain columns, measure columns.

The project's own copy, so that its tests check mart shapes without anything
outside the repository. Grain columns come first, in this order; attribute
columns may follow the listed ones.
"""

from __future__ import annotations

from typing import Final

KPI_MARTS: Final[dict[str, dict[str, list[str]]]] = {
    "kpi_average_order_value": {
        "grain": ["date_day", "sales_channel", "customer_status", "customer_type"],
        "columns": ["orders", "net_revenue", "discount_amount", "average_order_value"],
    },
    "kpi_avg_session_duration": {
        "grain": ["date_day", "device_category", "channel", "has_order"],
        "columns": ["sessions", "total_duration_seconds", "avg_session_duration_seconds"],
    },
    "kpi_bounce_rate": {
        "grain": ["date_day", "channel", "landing_page"],
        "columns": ["sessions", "bounced_sessions", "bounce_rate"],
    },
    "kpi_churn_rate": {
        "grain": ["month_start", "customer_type"],
        "columns": ["customers_at_start", "churned_customers", "churn_rate"],
    },
    "kpi_click_through_rate": {
        "grain": ["date_day", "campaign_id"],
        "columns": ["impressions", "clicks", "click_through_rate"],
    },
    "kpi_conversion_rate": {
        "grain": ["date_day", "device_category", "channel"],
        "columns": ["sessions", "orders", "conversion_rate"],
    },
    "kpi_cost_per_acquisition": {
        "grain": ["date_day", "channel"],
        "columns": ["marketing_cost", "new_customers", "cost_per_acquisition"],
    },
    "kpi_cost_per_conversion": {
        "grain": ["date_day", "campaign_id"],
        "columns": [
            "ad_cost",
            "conversions",
            "conversion_revenue",
            "cost_per_conversion",
            "return_on_ad_spend",
            "average_order_value",
            "cpa_below_aov",
        ],
    },
    "kpi_cross_sell_ratio": {
        "grain": ["date_day", "customer_type"],
        "columns": [
            "customers",
            "cross_sell_customers",
            "cross_sell_ratio",
            "recommendation_customers",
        ],
    },
    "kpi_customer_lifetime_value": {
        "grain": ["customer_type", "acquisition_channel"],
        "columns": [
            "customers",
            "orders",
            "net_revenue",
            "gross_margin",
            "average_order_value",
            "purchase_frequency",
            "retained_customers",
            "prior_customers",
            "annual_churn_rate",
            "expected_lifespan_years",
            "customer_lifetime_value",
            "gross_margin_lifetime_value",
            "cost_per_acquisition",
            "clv_to_cpa_ratio",
        ],
    },
    "kpi_discount_margin_impact": {
        "grain": ["date_day", "promotion_id"],
        "columns": [
            "orders",
            "gross_revenue",
            "discount_amount",
            "net_revenue",
            "cogs",
            "gross_margin",
            "gross_margin_rate",
            "margin_per_order",
            "discount_rate",
            "margin_erosion_rate",
        ],
    },
    "kpi_first_time_delivery_rate": {
        "grain": ["date_day", "carrier", "warehouse_id"],
        "columns": ["shipments", "first_time_deliveries", "first_time_delivery_rate"],
    },
    "kpi_fulfilment_cost_per_order": {
        "grain": ["date_day", "warehouse_id"],
        "columns": [
            "orders_shipped",
            "items_shipped",
            "picking_cost",
            "packing_cost",
            "storage_cost",
            "shipping_cost",
            "total_fulfilment_cost",
            "fulfilment_cost_per_order",
            "fulfilment_cost_per_item",
            "operator",
        ],
    },
    "kpi_fulfilment_error_rate": {
        "grain": ["date_day", "warehouse_id", "shift", "picking_method"],
        "columns": ["shipments", "shipments_with_error", "fulfilment_error_rate"],
    },
    "kpi_net_promoter_score": {
        "grain": ["date_day", "touchpoint", "customer_type"],
        "columns": ["responses", "promoters", "passives", "detractors", "net_promoter_score"],
    },
    "kpi_reach_impressions": {
        "grain": ["date_day", "campaign_id"],
        "columns": [
            "impressions",
            "reach",
            "frequency",
            "campaign_name",
            "platform",
            "channel",
            "objective",
        ],
    },
    "kpi_repeat_purchase_ratio": {
        "grain": ["cohort_date", "customer_type"],
        "columns": [
            "new_customers",
            "eligible_30d",
            "repeat_30d",
            "repeat_purchase_ratio_30d",
            "eligible_60d",
            "repeat_60d",
            "repeat_purchase_ratio_60d",
            "eligible_90d",
            "repeat_90d",
            "repeat_purchase_ratio_90d",
        ],
    },
    "kpi_return_cycle_time": {
        "grain": ["date_day", "category"],
        "columns": ["returns_received", "total_cycle_days", "avg_return_cycle_days"],
    },
    "kpi_return_rate": {
        "grain": ["date_day", "category", "brand", "customer_type"],
        "columns": ["items_sold", "items_returned", "return_rate", "net_revenue", "refund_amount"],
    },
    "kpi_store_conversion_rate": {
        "grain": ["date_day", "store_id"],
        "columns": ["visitors", "transactions", "conversion_rate"],
    },
    "kpi_upsell_ratio": {
        "grain": ["date_day", "customer_type"],
        "columns": ["eligible_customers", "upsell_customers", "upsell_ratio"],
    },
    "kpi_visitors_per_day": {
        "grain": ["date_day", "location"],
        "columns": ["visitors", "transactions"],
    },
}
