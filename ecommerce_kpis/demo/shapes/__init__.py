"""The demo shop in the shapes loaders land (``ecommerce-kpis generate --shape``).

A shape module has ``FILLS`` (the contract tables its source adapter fills,
as ``source_adapter_registry`` in macros/adapters/source_adapters.sql says;
tests/python/test_source_adapters.py checks they agree), ``landed(tables)``
(the loader's tables) and ``fx_rates(tables)``. ``write_shape`` writes the
landed tables into ``<out>/<shape>/`` and every other contract table into
``<out>/raw/`` (for var raw_data_path), with the ids of rows the adapter
fills prefixed as the adapter prefixes them (``shopify:O0000001``).
Optional: ``FORMAT`` (the landed files' only format, e.g. a platform's CSV
export), ``OMITS`` (contract tables a shop with this source has in no
file) and ``source_ids(tables)`` (table -> demo id -> the adapter's own id,
for an adapter that keys rows anew, e.g. customers by an e-mail hash).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ecommerce_kpis import schema
from ecommerce_kpis.demo.shapes import shopify_csv, shopify_fivetran

SHAPES = {"shopify_fivetran": shopify_fivetran, "shopify_csv": shopify_csv}


def _references(table: schema.RawTable) -> dict[str, str]:
    """Id column -> the table whose ids it holds, from the raw-table spec
    (`parents` and `loose_parents`)."""
    pointers = {**table.meta.get("parents", {}), **(table.meta.get("loose_parents") or {})}
    return {column: target.split(".")[0] for column, target in pointers.items()}


def write_shape(
    shape: str, tables: dict[str, pd.DataFrame], out: Path, fmt: str = "csv"
) -> list[Path]:
    """Write the demo ``tables`` in landed ``shape``; returns the files written."""
    from ecommerce_kpis.demo.generate import write

    module = SHAPES[shape]
    paths = write(module.landed(tables), out / shape, fmt=getattr(module, "FORMAT", fmt))
    left_out = set(module.FILLS) | set(getattr(module, "OMITS", ()))
    rest = {name: df.copy() for name, df in tables.items() if name not in left_out}
    own_ids = module.source_ids(tables) if hasattr(module, "source_ids") else {}
    for name, frame in rest.items():
        for column, parent in _references(schema.raw_table(name)).items():
            if parent in module.FILLS:
                values = frame[column]
                if parent in own_ids:
                    values = values.map(own_ids[parent]).where(values.notna())
                frame[column] = values.where(values.isna(), module.PLATFORM + ":" + values)
    rest["fx_rates"] = module.fx_rates(tables)
    return paths + write(rest, out / "raw", fmt=fmt)
