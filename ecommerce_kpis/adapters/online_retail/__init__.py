"""The UCI Online Retail II adapter (``ecommerce-kpis adapt-online-retail``)."""

from ecommerce_kpis.adapters.online_retail.adapter import AdapterError, adapt

__all__ = ["AdapterError", "adapt"]
