"""The KPI catalogue and the marts' declared columns, read from the dbt project.

The catalogue is the var ``kpi_catalogue`` of ``dbt_project.yml``: one row per
KPI with its mart, headline numerator and denominator (SQL over the mart's
columns), unit, target, alert threshold, maturity lag and alert window (D88),
owner role and MetricFlow metric (docs/spec/kpis.md#targets). dbt reads it
for the scorecard and the model ``kpi_catalogue``; Python reads it here, for
the Power BI measures and the tests. The marts' columns, types and grain are those their YAML declares
(enforced by dbt model contracts).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

import yaml

# the Power BI format of each unit (keys of ecommerce_kpis.powerbi.FORMATS)
UNIT_FORMATS = {
    "ratio": "percent",
    "currency": "currency",
    "seconds": "decimal1",
    "days": "decimal1",
    "score": "decimal1",
    "count": "whole",
}
MARTS_FOLDER = Path("models") / "marts"


@dataclass(frozen=True)
class Kpi:
    """One row of the catalogue (optional fields as dbt fills them in)."""

    kpi_name: str
    label: str
    mart: str
    numerator: str
    unit: str
    direction: str
    target: float
    alert_threshold: float
    maturity_days: int
    alert_window_days: int
    owner_role: str
    formula: str
    date_column: str | None = None
    denominator: str | None = None
    scale: float = 1
    row_filter: str | None = None
    metric: str | None = None

    @property
    def format(self) -> str:
        return UNIT_FORMATS[self.unit]


@dataclass(frozen=True)
class Mart:
    """A model of models/marts as its YAML declares it."""

    name: str
    folder: str
    columns: list[str]
    data_types: dict[str, str]
    grain: list[str]

    @property
    def is_kpi_mart(self) -> bool:
        """A KPI mart: a `kpi_` model outside the scorecard's tables (not a
        dimension of core/ nor a per-customer export such as
        customer_value_segments)."""
        return self.name.startswith("kpi_") and self.folder not in ("core", "scorecard")


def project_dir(project: Path | None = None) -> Path:
    """The dbt project: ``project``, else $DBT_PROJECT_DIR, else the working directory."""
    return Path(project or os.environ.get("DBT_PROJECT_DIR") or Path.cwd())


def load(project: Path | None = None) -> list[Kpi]:
    """The catalogue's rows in their order; a row with an unknown field is an error."""
    path = project_dir(project) / "dbt_project.yml"
    rows = yaml.safe_load(path.read_text())["vars"]["kpi_catalogue"]
    known = {f.name for f in fields(Kpi)}
    kpis = []
    for row in rows:
        unknown = set(row) - known
        if unknown:
            raise ValueError(f"{path}: KPI {row.get('kpi_name')}: unknown fields {sorted(unknown)}")
        kpis.append(Kpi(**row))
    return kpis


def mart_models(project: Path | None = None) -> set[str]:
    """The names of the models under models/marts (one .sql file each)."""
    return {path.stem for path in (project_dir(project) / MARTS_FOLDER).rglob("*.sql")}


def _grain(model: dict) -> list[str]:
    for test in model.get("data_tests") or []:
        if isinstance(test, dict) and "unique_combination_of_columns" in test:
            spec = test["unique_combination_of_columns"]
            return list((spec.get("arguments") or spec)["combination_of_columns"])
    for column in model.get("columns") or []:
        if "unique" in (column.get("data_tests") or []):
            return [column["name"]]
    return []


def marts(project: Path | None = None) -> dict[str, Mart]:
    """Every model of models/marts with its declared columns, types and grain."""
    found: dict[str, Mart] = {}
    for path in sorted((project_dir(project) / MARTS_FOLDER).rglob("_*__models.yml")):
        for model in yaml.safe_load(path.read_text()).get("models") or []:
            columns = model.get("columns") or []
            found[model["name"]] = Mart(
                name=model["name"],
                folder=path.parent.name,
                columns=[c["name"] for c in columns],
                data_types={c["name"]: c.get("data_type") for c in columns},
                grain=_grain(model),
            )
    return found
