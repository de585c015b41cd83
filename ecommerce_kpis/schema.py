"""The raw tables: names, columns, types and rules, read from their specs.

Each raw table is declared once, in ``seeds/raw/raw_<table>.yml`` (decision
D49): the dbt properties of its seed, whose columns carry ``data_type`` and
whose ``config.meta`` holds the rules. dbt reads the same files (the seed
loader and the macros ``raw_table_columns`` / ``raw_table_spec``); this module
is how the Python code (the demo generator, the adapters, the tests) reads
them. Nothing is loaded until a name is used.

The files are found in a source checkout (``seeds/raw`` beside the package),
in an installed wheel (``<prefix>/share/ecommerce_kpis/raw_spec``, decision
D50), or in the dbt project named by ``$DBT_PROJECT_DIR`` or the working
directory, in that order.
"""

from __future__ import annotations

import os
import site
import sysconfig
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

SPEC_GLOB = "raw_*.yml"

# The type family of a spec data_type, as the Python code uses it: how the
# generator formats a value and how a typed Parquet file stores it.
KINDS = {
    "varchar": "varchar",
    "integer": "integer",
    "bigint": "integer",
    "decimal(18,2)": "decimal",
    # exchange rates (fx_rates): up to eight decimals
    "decimal(18,8)": "rate",
    "timestamp": "timestamp",
    "date": "date",
}

# The DuckDB type a typed Parquet file stores for each kind (the tiers and
# the benchmark's typed copies of the raw tables).
KIND_SQL_TYPES = {
    "varchar": "varchar",
    "timestamp": "timestamp",
    "date": "date",
    "decimal": "decimal(18, 2)",
    "rate": "decimal(18, 8)",
    "integer": "integer",
}

# The demo generator's product categories (free text in the raw data, so not
# a rule of the spec).
FASHION_CATEGORIES = ("dresses", "tops", "jeans", "shoes")
OTHER_CATEGORIES = ("accessories", "home", "beauty")

# Names of allowed-value lists of the spec: constant -> (table, column).
_VALUE_LISTS = {
    "SESSION_CHANNELS": ("sessions", "channel"),
    "DEVICE_CATEGORIES": ("sessions", "device_category"),
    "RETURN_REASONS": ("returns", "reason"),
    "FULFILMENT_ERRORS": ("shipments", "fulfilment_error"),
    "NPS_TOUCHPOINTS": ("nps_responses", "touchpoint"),
    "SHIFTS": ("shipments", "shift"),
    "PICKING_METHODS": ("shipments", "picking_method"),
    "PROMOTION_TYPES": ("promotions", "promotion_type"),
}


class SpecError(ValueError):
    """A raw-table spec file is missing or malformed."""


@dataclass(frozen=True)
class RawColumn:
    """One column of a raw table, as its spec declares it."""

    name: str
    data_type: str
    description: str
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        """varchar, integer, decimal, timestamp or date."""
        return KINDS[self.data_type]

    @property
    def nullable(self) -> bool:
        return bool(self.meta.get("nullable", True))

    @property
    def accepted_values(self) -> tuple[str, ...] | None:
        values = self.meta.get("accepted_values")
        return None if values is None else tuple(values)


@dataclass(frozen=True)
class RawTable:
    """One raw table: its columns in order and its table-level rules."""

    name: str
    description: str
    columns: tuple[RawColumn, ...]
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(self.meta.get("key", ()))

    @property
    def parents(self) -> dict[str, str]:
        """Column -> ``<table>.<column>`` it must reference."""
        return dict(self.meta.get("parents", {}))

    def column(self, name: str) -> RawColumn:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"raw table {self.name} has no column {name}")


def spec_dir() -> Path:
    """The folder of the ``raw_<table>.yml`` spec files (see the module doc)."""
    candidates = [Path(__file__).resolve().parents[1] / "seeds" / "raw"]
    for prefix in (sysconfig.get_path("data"), site.getuserbase()):
        candidates.append(Path(prefix) / "share" / "ecommerce_kpis" / "raw_spec")
    project = os.environ.get("DBT_PROJECT_DIR") or os.getcwd()
    candidates.append(Path(project) / "seeds" / "raw")
    for folder in candidates:
        if any(folder.glob(SPEC_GLOB)):
            return folder
    raise SpecError(
        "no raw-table specs (seeds/raw/raw_<table>.yml) found; looked in: "
        + ", ".join(str(c) for c in candidates)
        + ". Run from the dbt project or set DBT_PROJECT_DIR."
    )


def _read(path: Path) -> RawTable:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        (seed,) = document["seeds"]
        name = seed["name"].removeprefix("raw_")
        columns = tuple(
            RawColumn(
                name=c["name"],
                data_type=c["data_type"],
                description=c.get("description", ""),
                meta=dict(c.get("config", {}).get("meta", {})),
            )
            for c in seed["columns"]
        )
    except (KeyError, TypeError, ValueError) as error:
        raise SpecError(f"{path}: not a raw-table spec ({error!r})") from error
    for column in columns:
        if column.data_type not in KINDS:
            raise SpecError(f"{path}: {column.name}: unknown data_type {column.data_type!r}")
    if seed["name"] != f"raw_{name}" or path.stem != seed["name"]:
        raise SpecError(f"{path}: the seed must be named after its file ({path.stem})")
    return RawTable(
        name=name,
        description=seed.get("description", ""),
        columns=columns,
        meta=dict(seed.get("config", {}).get("meta", {})),
    )


def _resolve_value_lists(tables: dict[str, RawTable]) -> dict[str, RawTable]:
    """Fill ``accepted_values`` of columns that say ``accepted_values_of``."""
    resolved = {}
    for name, table in tables.items():
        columns = []
        for column in table.columns:
            source = column.meta.get("accepted_values_of")
            if source:
                other_table, other_column = source.split(".")
                values = tables[other_table].column(other_column).meta["accepted_values"]
                column = RawColumn(
                    column.name,
                    column.data_type,
                    column.description,
                    {**column.meta, "accepted_values": list(values)},
                )
            columns.append(column)
        resolved[name] = RawTable(table.name, table.description, tuple(columns), table.meta)
    return resolved


@cache
def raw_tables(folder: Path | None = None) -> dict[str, RawTable]:
    """Every raw table of the spec folder (default: ``spec_dir()``), by name."""
    paths = sorted((folder or spec_dir()).glob(SPEC_GLOB))
    return _resolve_value_lists({table.name: table for table in map(_read, paths)})


def raw_table(name: str) -> RawTable:
    """One raw table by name (``orders``, not ``raw_orders``)."""
    return raw_tables()[name]


def columns(table: str) -> list[str]:
    """Column names of a raw table, in spec order (the CSV header)."""
    return [column.name for column in raw_table(table).columns]


def __getattr__(name: str) -> Any:
    """``RAW_TABLES`` and the allowed-value constants, read on first use.

    ``RAW_TABLES``: table -> [(column, kind)], kind as in ``KINDS``.
    """
    if name == "RAW_TABLES":
        return {
            table.name: [(column.name, column.kind) for column in table.columns]
            for table in raw_tables().values()
        }
    if name in _VALUE_LISTS:
        table, column = _VALUE_LISTS[name]
        return raw_table(table).column(column).accepted_values
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
