"""The demo shop in the shapes loaders land (``ecommerce-kpis generate --shape``).

A shape module has ``FILLS`` (the contract tables its source adapter fills,
as ``source_adapter_registry`` in macros/adapters/source_adapters.sql says;
tests/python/test_source_adapters.py checks they agree), ``landed(tables)``
(the loader's tables) and ``fx_rates(tables)``. ``write_shape`` writes the
landed tables into ``<out>/<shape>/`` and every other contract table into
``<out>/raw/`` (for var raw_data_path), with the ids of rows the adapter
fills prefixed as the adapter prefixes them (``shopify:O0000001``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ecommerce_kpis.demo.shapes import shopify_fivetran

SHAPES = {"shopify_fivetran": shopify_fivetran}

# id columns of the other contract tables -> the table whose id they hold
REFERENCES = {
    "sessions": {"customer_id": "customers"},
    "nps_responses": {"customer_id": "customers", "order_id": "orders"},
    "store_traffic": {"store_id": "stores"},
    "fulfilment_costs": {"warehouse_id": "warehouses"},
    "product_complements": {
        "product_group_id": "products",
        "complement_group_id": "products",
    },
}


def write_shape(
    shape: str, tables: dict[str, pd.DataFrame], out: Path, fmt: str = "csv"
) -> list[Path]:
    """Write the demo ``tables`` in landed ``shape``; returns the files written."""
    from ecommerce_kpis.demo.generate import write

    module = SHAPES[shape]
    paths = write(module.landed(tables), out / shape, fmt=fmt)
    rest = {name: df.copy() for name, df in tables.items() if name not in module.FILLS}
    for table, columns in REFERENCES.items():
        for column, parent in columns.items():
            if parent in module.FILLS:
                values = rest[table][column]
                rest[table][column] = values.where(values.isna(), module.PLATFORM + ":" + values)
    rest["fx_rates"] = module.fx_rates(tables)
    return paths + write(rest, out / "raw", fmt=fmt)
