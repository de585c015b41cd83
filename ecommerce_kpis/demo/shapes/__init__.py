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
file), ``source_ids(tables)`` (table -> demo id -> the adapter's own id,
for an adapter that keys rows anew, e.g. customers by an e-mail hash;
a reference to an id the map lacks is written as it is) and
``elsewhere(tables)`` (rows of the tables its adapter fills that another
system holds, e.g. a WooCommerce shop's store orders from its POS system:
written to ``<out>/raw/`` with their own ids, references to them not
prefixed); ``write_landed(tables, folder)`` (instead of ``landed``: a
shape whose files ``write`` cannot write, e.g. GA4's export with nested
columns in daily files) and ``LINKED`` (contract table -> columns the
adapter supplies to rows of another source, e.g. the webshop orders' GA4
session: written empty).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ecommerce_kpis import schema
from ecommerce_kpis.demo.shapes import (
    facebook_ads_fivetran,
    ga4_bigquery,
    google_ads_fivetran,
    klaviyo_fivetran,
    shopify_csv,
    shopify_fivetran,
    woocommerce,
)

SHAPES = {
    "shopify_fivetran": shopify_fivetran,
    "shopify_csv": shopify_csv,
    "woocommerce": woocommerce,
    "google_ads_fivetran": google_ads_fivetran,
    "facebook_ads_fivetran": facebook_ads_fivetran,
    "klaviyo_fivetran": klaviyo_fivetran,
    "ga4_bigquery": ga4_bigquery,
}


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
    if hasattr(module, "write_landed"):
        paths = module.write_landed(tables, out / shape)
    else:
        paths = write(module.landed(tables), out / shape, fmt=getattr(module, "FORMAT", fmt))
    left_out = set(module.FILLS) | set(getattr(module, "OMITS", ()))
    rest = {name: df.copy() for name, df in tables.items() if name not in left_out}
    for name, linked in getattr(module, "LINKED", {}).items():
        rest[name][list(linked)] = None
    own_ids = module.source_ids(tables) if hasattr(module, "source_ids") else {}
    elsewhere = getattr(module, "elsewhere", None)
    held = {name: df.copy() for name, df in (elsewhere(tables) if elsewhere else {}).items()}
    held_ids = {name: set(frame[schema.raw_table(name).key[0]]) for name, frame in held.items()}
    for name, frame in {**rest, **held}.items():
        for column, parent in _references(schema.raw_table(name)).items():
            if parent in module.FILLS:
                values = frame[column]
                prefixed = values.notna() & ~values.isin(held_ids.get(parent, set()))
                if parent in own_ids:
                    # an id the map lacks names no row of the source (a
                    # newsletter's campaign id in sessions): kept as it is
                    prefixed &= values.isin(own_ids[parent].keys())
                # a loose reference to no row of the parent (a session's
                # newsletter campaign) is not the adapter's id
                loose = (schema.raw_table(name).meta.get("loose_parents") or {}).get(column)
                if loose:
                    target, key = loose.split(".")
                    prefixed &= values.isin(tables[target][key])
                own = values.map(own_ids[parent]) if parent in own_ids else values
                frame[column] = values.where(~prefixed, module.PLATFORM + ":" + own)
    rest.update(held)
    rest["fx_rates"] = module.fx_rates(tables)
    return paths + write(rest, out / "raw", fmt=fmt)
