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

from collections.abc import Sequence
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
# a shop's whole stack in loaders' shapes (`--shape stack`): the shop, the ad
# platforms, the e-mail tool; the warehouse, stores and surveys stay raw files
STACK = (
    "shopify_fivetran",
    "ga4_bigquery",
    "google_ads_fivetran",
    "facebook_ads_fivetran",
    "klaviyo_fivetran",
)
# the adapters' options the stack needs: GA4's user_id and item_id and
# Klaviyo's profiles carry the Shopify customer and product ids
STACK_OPTIONS = {
    "ga4_bigquery": {"customer_ids": "shopify:user_id", "product_ids": "shopify:item_id"},
    "klaviyo_fivetran": {"customer_ids": "shopify:external_id"},
}


def stack_vars(out: Path) -> dict:
    """The dbt vars that build the stack written to ``out`` (write_shapes)."""
    return {
        "source_adapters": {
            shape: {"path": str(out / shape), **STACK_OPTIONS.get(shape, {})} for shape in STACK
        },
        "raw_data_path": str(out / "raw"),
        # two of the demo's 22 campaigns are planted bad rows (a Google Ads
        # channel type and a Meta objective the project does not know): above
        # the default 5 % a feed may lose before the build stops
        "dq_max_rejected_share": 0.1,
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
    return write_shapes((shape,), tables, out, fmt=fmt)


def write_shapes(
    shapes: Sequence[str], tables: dict[str, pd.DataFrame], out: Path, fmt: str = "csv"
) -> list[Path]:
    """Write the demo ``tables`` in several landed ``shapes`` at once (a shop's
    whole stack: STACK), each into ``<out>/<shape>/``, and the contract tables
    none of them fills into ``<out>/raw/``; returns the files written.

    A row of a table that several shapes fill is held in ``<out>/raw/`` only
    when every one of them leaves it to another system (``elsewhere``); a
    reference to a row a shape fills gets that shape's id."""
    from ecommerce_kpis.demo.generate import write

    modules = [SHAPES[shape] for shape in shapes]
    paths: list[Path] = []
    for shape, module in zip(shapes, modules, strict=True):
        if hasattr(module, "write_landed"):
            paths += module.write_landed(_keyed_anew(module, modules, tables), out / shape)
        else:
            paths += write(module.landed(tables), out / shape, fmt=getattr(module, "FORMAT", fmt))
    filled = {table for module in modules for table in module.FILLS}
    left_out = filled | {table for module in modules for table in getattr(module, "OMITS", ())}
    rest = {name: df.copy() for name, df in tables.items() if name not in left_out}
    # per shape: the rows of the tables it fills that it leaves to another
    # system (a table it fills whole is not in its dict)
    leaves = [
        module.elsewhere(tables) if hasattr(module, "elsewhere") else {} for module in modules
    ]
    for name in sorted(filled):
        fillers = [
            by_table
            for module, by_table in zip(modules, leaves, strict=True)
            if name in module.FILLS
        ]
        if all(name in by_table for by_table in fillers):
            # rows all of them leave, as the first one writes them (the
            # pandas index is the demo table's row)
            frames = [by_table[name] for by_table in fillers]
            kept = set.intersection(*(set(frame.index) for frame in frames))
            rest[name] = frames[0][frames[0].index.isin(kept)].copy()
    # per table a shape fills: the ids of the rows it leaves, None if it
    # does not fill the table
    held_ids = {
        name: [
            None
            if name not in module.FILLS
            else set(by_table[name][schema.raw_table(name).key[0]])
            if name in by_table
            else set()
            for module, by_table in zip(modules, leaves, strict=True)
        ]
        for name in filled
    }
    for name, frame in rest.items():
        for column, parent in _references(schema.raw_table(name)).items():
            if parent in filled:
                frame[column] = _own_ids(
                    frame[column], parent, name, column, modules, held_ids[parent], tables
                )
    # columns an adapter supplies to another source's rows (the webshop
    # orders' GA4 session) are written empty
    for module in modules:
        for name, linked in getattr(module, "LINKED", {}).items():
            if name in rest:
                rest[name][list(linked)] = None
    rest["fx_rates"] = _fx_rates(modules, tables)
    return paths + write(rest, out / "raw", fmt=fmt)


def _keyed_anew(module, modules: list, tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``tables`` for a shape that writes its own files (GA4's events), with
    its rows' references to rows another shape of the stack keys anew
    (source_ids: Meta's campaigns) in that shape's ids, prefixed as its
    adapter writes them: what a site tags its links with (`utm_id=
    meta_ads:{{campaign.id}}`). The ids the shape turns into its platform's
    own fields (RESOLVES: a Google Ads click) stay the demo's."""
    others = [
        other
        for other in modules
        if other is not module
        and hasattr(other, "source_ids")
        and other.__name__.rsplit(".", 1)[-1] not in getattr(module, "RESOLVES", ())
    ]
    if not others:
        return tables
    result = dict(tables)
    for name in module.FILLS:
        frame = tables[name].copy()
        for column, parent in _references(schema.raw_table(name)).items():
            for other in others:
                if parent in other.FILLS:
                    ids = other.source_ids(tables).get(parent, {})
                    mapped = frame[column].map(ids)
                    frame[column] = frame[column].where(
                        mapped.isna(), other.PLATFORM + ":" + mapped
                    )
        result[name] = frame
    return result


def _own_ids(
    values: pd.Series,
    parent: str,
    table: str,
    column: str,
    modules: list,
    held_ids: list[set | None],
    tables: dict[str, pd.DataFrame],
) -> pd.Series:
    """The references ``values`` to table ``parent``, each id of a row that
    one of the shapes fills written as that shape's adapter writes it."""
    result = values.copy()
    claimed = pd.Series(False, index=values.index)
    for module, held in zip(modules, held_ids, strict=True):
        if held is None:
            continue
        own_ids = module.source_ids(tables) if hasattr(module, "source_ids") else {}
        mine = values.notna() & ~values.isin(held)
        if parent in own_ids:
            # an id the map lacks names no row of the source (a newsletter's
            # campaign id in sessions): kept as it is
            mine &= values.isin(own_ids[parent].keys())
        # a loose reference to no row of the parent (a session's newsletter
        # campaign) is not the adapter's id
        loose = (schema.raw_table(table).meta.get("loose_parents") or {}).get(column)
        if loose:
            target, key = loose.split(".")
            mine &= values.isin(tables[target][key])
        if (mine & claimed).any():
            raise ValueError(f"{table}.{column}: ids that two shapes of the stack fill")
        claimed |= mine
        own = values.map(own_ids[parent]) if parent in own_ids else values
        result = result.where(~mine, module.PLATFORM + ":" + own)
    return result


def _fx_rates(modules: list, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The exchange rates every shape's conversions need, one per day and
    currency."""
    rates = pd.concat([module.fx_rates(tables) for module in modules], ignore_index=True)
    rates = rates.drop_duplicates()
    if rates.duplicated(["rate_date", "currency"]).any():
        raise ValueError("two shapes of the stack need different rates on one day")
    return rates
