"""dbt-duckdb plugin: the SQL functions that read export files (issue 17).

profiles.yml loads it on the DuckDB targets (``plugins: - module:
ecommerce_kpis.dbt_plugin``). It registers two scalar functions on every
connection dbt opens:

    kpi_land_csv(source, table_name, format_json) -> JSON text

which runs ``ecommerce_kpis.landing.land_csv`` on one export file and returns
the landed file's report (``Landed.to_json``), or ``{"error": "..."}`` when
the folder's ``_format.yml`` is malformed (a setting to fix, not bad data: the
calling macro stops the build with that message). ``format_json`` is ``''``
to read the folder's ``_format.yml``, or a JSON object of ExportFormat fields
(the seeds route passes ``{}``: seeds are read in the default format).
A second function, ``kpi_parquet_issue(source)``, returns the whole-file
issue of a Parquet export DuckDB cannot open (``landing.parquet_issue``), or
``''``.

The macros call them while compiling a base model (``raw_source``) or loading a
raw seed, so a file is landed once per build and the SQL then reads the
canonical copy with a fixed, strict dialect. Landed copies go to the
plugin's ``landing_dir`` (profiles.yml; default ``build/landing``), named by
the source's path, size, modification time and format, so an unchanged
export is not landed again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
from dbt.adapters.duckdb.plugins import BasePlugin

from ecommerce_kpis.landing import ExportFormat, FormatError, land_csv, parquet_issue

FUNCTION_NAME = "kpi_land_csv"
PARQUET_FUNCTION_NAME = "kpi_parquet_issue"
# where a raw seed's user sets an encoding: seeds are read in the default
# format, so the file is converted or read as an export instead
SEED_ENCODING_ADVICE = (
    "in an export folder's _format.yml and read the file from there (var raw_data_path); "
    "a raw seed is read as UTF-8"
)
DEFAULT_LANDING_DIR = "build/landing"


def land(source: str, table_name: str, format_json: str, landing_dir: Path) -> str:
    """The body of kpi_land_csv (module docstring)."""
    try:
        if not format_json:
            return land_csv(Path(source), table_name, landing_dir).to_json()
        fmt = ExportFormat(**json.loads(format_json))
        return land_csv(Path(source), table_name, landing_dir, fmt, SEED_ENCODING_ADVICE).to_json()
    except (FormatError, TypeError, ValueError) as error:
        return json.dumps({"error": f"{source}: {error}"})


class Plugin(BasePlugin):
    """Registers kpi_land_csv and kpi_parquet_issue on the DuckDB connection (module docstring)."""

    def initialize(self, plugin_config: dict[str, Any]) -> None:
        self.landing_dir = Path(plugin_config.get("landing_dir") or DEFAULT_LANDING_DIR)

    def configure_connection(self, conn) -> None:
        landing_dir = self.landing_dir.resolve()

        def kpi_land_csv(source: str, table_name: str, format_json: str) -> str:
            return land(source, table_name, format_json, landing_dir)

        # footers are read on a database of the plugin's own, made once
        footers = duckdb.connect()

        def kpi_parquet_issue(source: str) -> str:
            return parquet_issue(Path(source), footers) or ""

        # side effects: DuckDB must call them every time, never fold or cache them
        conn.create_function(
            FUNCTION_NAME,
            kpi_land_csv,
            ["VARCHAR", "VARCHAR", "VARCHAR"],
            "VARCHAR",
            side_effects=True,
        )
        conn.create_function(
            PARQUET_FUNCTION_NAME, kpi_parquet_issue, ["VARCHAR"], "VARCHAR", side_effects=True
        )
