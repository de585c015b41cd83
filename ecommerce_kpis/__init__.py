"""E-commerce KPI pipeline: the Python side (demo data generator and helpers)."""

__version__ = "0.1.0"
