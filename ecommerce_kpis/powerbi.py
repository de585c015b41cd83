"""The Power BI model as code: a PBIP project generated from the dbt artifacts.

``generate()`` writes a Power BI Project (PBIP) whose semantic model is in
TMDL, from ``target/manifest.json`` and ``target/catalog.json`` (``dbt build``
and ``dbt docs generate``), so it never drifts from the marts:

- one table per published mart and dimension (the tables ``publish`` serves),
  with the dbt descriptions, the column types of the catalog, and an M
  partition over the PostgreSQL serving schema; the parameter ``DataSource``
  switches every table to the Parquet folder instead (import mode);
- relationships from the dbt ``relationships`` tests between published
  tables (mart column -> dimension key), ``dim_date`` marked as date table;
- one DAX measure per KPI of the catalogue (var ``kpi_catalogue`` of
  dbt_project.yml, see ``ecommerce_kpis.catalogue``) on its mart, named by
  its label: ``scale * DIVIDE(SUM(numerator), SUM(denominator))`` (``SUMX``
  for a product of columns), a plain ``SUM`` for a count KPI, formatted by
  its unit, described by its formula;
- one DAX measure per further ratio column that carries ``meta.measure`` in
  the mart YAML: ``DIVIDE(SUM(numerator), SUM(denominator))`` from the
  column's ratio rule in the mart's ``row_rules`` test (the formula the data tests
  assert; ``meta.numerator_rows_with: COLUMN`` sums the numerator over the
  rows where COLUMN is not blank, e.g. frequency over the rows that report
  a reach), a plain ``SUM`` (``meta.aggregate: sum``) or a weighted mean
  (``meta.weight``), with the format of ``meta.format``. Ratio columns are
  hidden: a ratio of sums, not a sum of ratios, is the right re-aggregation.

``kpi_devtools.tmdl_check`` validates the result.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ecommerce_kpis.catalogue import Kpi
from ecommerce_kpis.catalogue import load as load_catalogue
from ecommerce_kpis.publish import NOT_PUBLISHED

PROJECT = "EcommerceKPIs"
DATE_TABLE = "dim_date"
DATE_KEY = "date_day"

TMDL_TYPES = {
    "BIGINT": "int64",
    "INTEGER": "int64",
    "SMALLINT": "int64",
    "TINYINT": "int64",
    "DOUBLE": "double",
    "FLOAT": "double",
    "DATE": "dateTime",
    "TIMESTAMP": "dateTime",
    "VARCHAR": "string",
    "BOOLEAN": "boolean",
}
FORMATS = {
    "percent": "0.00%",
    "currency": "\\€#,0.00;-\\€#,0.00;\\€#,0.00",
    "decimal1": "#,0.0",
    "decimal2": "#,0.00",
    "whole": "#,0",
}
COLUMN_FORMATS = {"int64": "0", "decimal": "#,0.00", "dateTime": "yyyy-mm-dd"}
IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")
FORMULA_TOKEN = re.compile(
    r"\s*(?:(?P<name>[a-z_][a-z0-9_]*)|(?P<op>[-+*/()])|(?P<num>\d+(?:\.\d+)?))"
)
PARAMETERS = {
    "DataSource": ("PostgreSQL", 'List={"PostgreSQL", "Parquet"}, '),
    "PostgresServer": ("localhost:5432", ""),
    "PostgresDatabase": ("kpi", ""),
    "PostgresSchema": ("kpi", ""),
    "ParquetFolder": ("C:\\ecommerce_kpis\\build\\published\\parquet", ""),
}


class ModelError(ValueError):
    """The dbt artifacts do not describe a consistent Power BI model."""


@dataclass
class Measure:
    name: str
    expression: str
    format_string: str
    description: str
    folder: str


@dataclass
class Column:
    name: str
    data_type: str
    description: str
    hidden: bool = False
    summarize_by: str = "none"


@dataclass
class Table:
    name: str
    description: str
    folder: str
    columns: list[Column] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)


@dataclass(frozen=True)
class Relationship:
    from_table: str
    from_column: str
    to_table: str
    to_column: str
    active: bool = True

    @property
    def name(self) -> str:
        return f"{self.from_table}.{self.from_column} -> {self.to_table}"


def tmdl_type(duckdb_type: str, where: str) -> str:
    if duckdb_type in TMDL_TYPES:
        return TMDL_TYPES[duckdb_type]
    if duckdb_type.startswith("DECIMAL"):
        return "decimal"
    raise ModelError(f"{where}: DuckDB type {duckdb_type} has no Power BI data type here")


def quote(name: str) -> str:
    """A TMDL / DAX object name: bare when it is a plain identifier, else quoted."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        return name
    return "'" + name.replace("'", "''") + "'"


def dax_formula(
    formula: str, table: str, columns: set[str], where: str, per_row: bool = False
) -> str:
    """Translate a column formula (``a - b``) into DAX sums (``SUM(t[a]) - SUM(t[b])``),
    or with ``per_row`` into the row expression ``t[a] - t[b]``."""
    out, position = [], 0
    while position < len(formula.rstrip()):
        token = FORMULA_TOKEN.match(formula, position)
        if not token:
            raise ModelError(f"{where}: cannot read formula {formula!r} at {position}")
        position = token.end()
        if token.group("name"):
            if token.group("name") not in columns:
                raise ModelError(f"{where}: formula {formula!r} names unknown column")
            column = f"{quote(table)}[{token.group('name')}]"
            out.append(column if per_row else f"SUM({column})")
        else:
            out.append(token.group("op") or token.group("num"))
    return " ".join(out).replace("( ", "(").replace(" )", ")")


def dax_sum(formula: str, table: str, columns: set[str], where: str) -> str:
    """The sum of a catalogue formula over the rows: per-column sums for a
    sum or difference, ``SUMX`` over the rows for a product or quotient."""
    if re.search(r"[*/]", formula):
        row = dax_formula(formula, table, columns, where, per_row=True)
        return f"SUMX({quote(table)}, {row})"
    return dax_formula(formula, table, columns, where)


def kpi_measure(kpi: Kpi, columns: set[str], folder: str) -> Measure:
    """The DAX measure of a catalogue KPI on its mart."""
    where = f"kpi_catalogue {kpi.kpi_name}"
    numerator = dax_sum(kpi.numerator, kpi.mart, columns, where)
    if kpi.denominator is None:
        expression = numerator
    else:
        denominator = dax_sum(kpi.denominator, kpi.mart, columns, where)
        expression = f"DIVIDE({numerator}, {denominator})"
        if kpi.scale != 1:
            expression = f"{kpi.scale} * {expression}"
    return Measure(
        name=kpi.label,
        expression=expression,
        format_string=FORMATS[kpi.format],
        description=kpi.formula,
        folder=folder,
    )


def _ratio_tests(manifest: dict) -> dict[tuple[str, str], dict]:
    """(model, ratio column) -> the ratio's rule of the model's row_rules tests."""
    tests = {}
    for node in manifest["nodes"].values():
        meta = node.get("test_metadata") or {}
        if node["resource_type"] == "test" and meta.get("name") == "row_rules":
            model = node["attached_node"].split(".")[-1]
            for column, ratio in (meta["kwargs"].get("ratios") or {}).items():
                tests[(model, column)] = ratio
    return tests


def _relationship_tests(manifest: dict) -> list[tuple[str, str, str, str]]:
    found = []
    for node in manifest["nodes"].values():
        meta = node.get("test_metadata") or {}
        if node["resource_type"] == "test" and meta.get("name") == "relationships":
            to = re.fullmatch(r"ref\('([a-z0-9_]+)'\)", meta["kwargs"]["to"])
            if to and node.get("attached_node"):
                found.append(
                    (
                        node["attached_node"].split(".")[-1],
                        node["column_name"],
                        to.group(1),
                        meta["kwargs"]["field"],
                    )
                )
    return sorted(found)


def _is_measure_like(table: str, column: str) -> bool:
    """Dimensions, keys and calendar numbers are never summed by default."""
    if table.startswith("dim_"):
        return False
    return not column.endswith(("_id", "_key", "_number", "_year", "_month", "_week", "_day"))


def build_model(
    manifest: dict, catalog: dict, kpis: list[Kpi]
) -> tuple[list[Table], list[Relationship]]:
    """Tables, columns, measures and relationships from the dbt artifacts and
    the KPI catalogue."""
    ratio_tests = _ratio_tests(manifest)
    tables: list[Table] = []
    for unique_id, node in sorted(manifest["nodes"].items()):
        if node["resource_type"] != "model" or node["schema"] != "marts":
            continue
        if node["name"] in NOT_PUBLISHED:
            continue
        built = catalog["nodes"].get(unique_id)
        if built is None:
            raise ModelError(f"{node['name']} is not in catalog.json: run `dbt docs generate`")
        folder = node["fqn"][2].title() if len(node["fqn"]) > 3 else "Marts"
        table = Table(node["name"], node.get("description", "").strip(), folder)
        names = {c["name"] for c in built["columns"].values()}
        table.measures += [
            kpi_measure(kpi, names, folder) for kpi in kpis if kpi.mart == node["name"]
        ]
        for column in sorted(built["columns"].values(), key=lambda c: c["index"]):
            name = column["name"]
            documented = node["columns"].get(name, {})
            meta = documented.get("meta") or {}
            data_type = tmdl_type(column["type"], f"{node['name']}.{name}")
            is_ratio = (node["name"], name) in ratio_tests
            additive = data_type in ("int64", "decimal", "double") and not is_ratio
            table.columns.append(
                Column(
                    name=name,
                    data_type=data_type,
                    description=(documented.get("description") or "").strip(),
                    hidden=is_ratio,
                    summarize_by="sum"
                    if additive and _is_measure_like(node["name"], name)
                    else "none",
                )
            )
            if "measure" in meta:
                table.measures.append(
                    _measure(node["name"], name, meta, ratio_tests, names, folder, documented)
                )
        tables.append(table)
    published = {t.name for t in tables}
    missing = sorted({kpi.mart for kpi in kpis} - published)
    if missing:
        raise ModelError(f"kpi_catalogue names marts that are not published: {missing}")
    if DATE_TABLE not in published:
        raise ModelError(f"the model needs the date table {DATE_TABLE}")
    relationships: list[Relationship] = []
    for from_table, from_column, to_table, to_column in _relationship_tests(manifest):
        if from_table in published and to_table in published:
            # one active path between two tables: further ones are inactive
            active = not any(
                r.from_table == from_table and r.to_table == to_table for r in relationships
            )
            relationships.append(Relationship(from_table, from_column, to_table, to_column, active))
    return tables, relationships


def _measure(
    table: str,
    column: str,
    meta: dict,
    ratio_tests: dict,
    names: set[str],
    folder: str,
    documented: dict,
) -> Measure:
    where = f"{table}.{column}"
    if meta.get("format") not in FORMATS:
        raise ModelError(f"{where}: meta.format must be one of {sorted(FORMATS)}")
    test = ratio_tests.get((table, column))
    if test:
        numerator = dax_formula(test["numerator"], table, names, where)
        with_column = meta.get("numerator_rows_with")
        if with_column is not None:
            # the numerator over the rows where that column is not blank
            # (frequency: impressions of the rows that report a reach)
            if with_column not in names:
                raise ModelError(f"{where}: meta.numerator_rows_with names unknown column")
            numerator = f"CALCULATE({numerator}, NOT ISBLANK({quote(table)}[{with_column}]))"
        denominator = dax_formula(test["denominator"], table, names, where)
        expression = f"DIVIDE({numerator}, {denominator})"
        scale = test.get("scale")
        if scale not in (None, 1):
            expression = f"{scale} * {expression}"
    elif meta.get("aggregate") == "sum":
        expression = f"SUM({quote(table)}[{column}])"
    elif meta.get("weight") in names:
        weight = f"{quote(table)}[{meta['weight']}]"
        expression = (
            f"DIVIDE(SUMX({quote(table)}, {quote(table)}[{column}] * {weight}), SUM({weight}))"
        )
    else:
        raise ModelError(
            f"{where}: meta.measure needs a ratio in the row_rules test, "
            "meta.aggregate: sum, or meta.weight naming a column"
        )
    return Measure(
        name=meta["measure"],
        expression=expression,
        format_string=FORMATS[meta["format"]],
        description=(documented.get("description") or "").strip(),
        folder=folder,
    )


# ---------------------------------------------------------------- TMDL text


def _description(text: str, indent: str) -> list[str]:
    return [f"{indent}/// {line}".rstrip() for line in text.splitlines() if line.strip()]


def _partition(table: str, mode: str) -> list[str]:
    postgres = (
        "PostgreSQL.Database(PostgresServer, PostgresDatabase)"
        f'{{[Schema = PostgresSchema, Item = "{table}"]}}[Data]'
    )
    parquet = (
        'Parquet.Document(File.Contents(Text.TrimEnd(ParquetFolder, {"\\", "/"}) & '
        f'"\\{table}.parquet"))'
    )
    source = (
        postgres
        if mode == "directQuery"
        else f'if DataSource = "Parquet" then {parquet} else {postgres}'
    )
    return [
        f"\tpartition {quote(table)} = m",
        f"\t\tmode: {mode}",
        "\t\tsource =",
        "\t\t\t\tlet",
        f"\t\t\t\t    Source = {source}",
        "\t\t\t\tin",
        "\t\t\t\t    Source",
    ]


def table_tmdl(table: Table, mode: str) -> str:
    lines = _description(table.description, "")
    lines.append(f"table {quote(table.name)}")
    if table.name == DATE_TABLE:
        lines.append("\tdataCategory: Time")
    lines.append("")
    for measure in table.measures:
        lines += _description(measure.description, "\t")
        lines += [
            f"\tmeasure {quote(measure.name)} = {measure.expression}",
            f"\t\tformatString: {measure.format_string}",
            f"\t\tdisplayFolder: {measure.folder}",
            "",
        ]
    for column in table.columns:
        lines += _description(column.description, "\t")
        lines.append(f"\tcolumn {quote(column.name)}")
        lines.append(f"\t\tdataType: {column.data_type}")
        if column.data_type in COLUMN_FORMATS:
            lines.append(f"\t\tformatString: {COLUMN_FORMATS[column.data_type]}")
        if table.name == DATE_TABLE and column.name == DATE_KEY:
            lines.append("\t\tisKey")
        if column.hidden:
            lines.append("\t\tisHidden")
        lines.append(f"\t\tsummarizeBy: {column.summarize_by}")
        lines.append(f"\t\tsourceColumn: {column.name}")
        lines.append("")
    lines += _partition(table.name, mode)
    return "\n".join(lines) + "\n"


def relationships_tmdl(relationships: list[Relationship]) -> str:
    lines = []
    for rel in relationships:
        lines.append(f"relationship {quote(rel.name)}")
        if not rel.active:
            lines.append("\tisActive: false")
        lines.append(f"\tfromColumn: {quote(rel.from_table)}.{quote(rel.from_column)}")
        lines.append(f"\ttoColumn: {quote(rel.to_table)}.{quote(rel.to_column)}")
        lines.append("")
    return "\n".join(lines)


def expressions_tmdl() -> str:
    lines = []
    for name, (default, extra) in PARAMETERS.items():
        value = default.replace('"', '""')
        lines.append(
            f'expression {name} = "{value}" meta [IsParameterQuery=true, {extra}'
            'Type="Text", IsParameterQueryRequired=true]'
        )
        lines.append("")
    return "\n".join(lines)


def model_tmdl(tables: list[Table]) -> str:
    lines = [
        "model Model",
        "\tculture: en-US",
        "\tdefaultPowerBIDataSourceVersion: powerBI_V3",
        "\tdiscourageImplicitMeasures",
        "\tsourceQueryCulture: en-US",
        "",
    ]
    lines += [f"ref table {quote(t.name)}" for t in tables]
    return "\n".join(lines) + "\n"


def generate(
    target: Path, out: Path, mode: str = "import", project: Path | None = None
) -> dict[str, int]:
    """Write the PBIP project into ``out`` (replaced); returns counts for the log.
    The KPI catalogue is read from the dbt project ``project`` (default:
    $DBT_PROJECT_DIR or the working directory)."""
    if mode not in ("import", "directQuery"):
        raise ModelError("mode must be import or directQuery")
    manifest = json.loads((target / "manifest.json").read_text())
    catalog_path = target / "catalog.json"
    if not catalog_path.exists():
        raise ModelError(f"{catalog_path} is missing: run `dbt docs generate` first")
    tables, relationships = build_model(
        manifest, json.loads(catalog_path.read_text()), load_catalogue(project)
    )
    measures = [m.name for t in tables for m in t.measures]
    # Power BI: measure names are unique in the model (ignoring case) and
    # differ from the column names of their table
    lowered = [m.lower() for m in measures]
    duplicates = sorted({m for m in measures if lowered.count(m.lower()) > 1})
    clashes = [
        f"{t.name}.{m.name}"
        for t in tables
        for m in t.measures
        if m.name.lower() in {c.name.lower() for c in t.columns}
    ]
    if duplicates or clashes:
        raise ModelError(
            f"measure names must be unique, also against columns: {duplicates + clashes}"
        )

    if out.exists():
        shutil.rmtree(out)
    model_dir = out / f"{PROJECT}.SemanticModel"
    definition = model_dir / "definition"
    (definition / "tables").mkdir(parents=True)
    files = {
        out / f"{PROJECT}.pbip": _json(
            {
                "version": "1.0",
                "artifacts": [{"report": {"path": f"{PROJECT}.Report"}}],
                "settings": {"enableAutoRecovery": True},
            }
        ),
        out / ".gitignore": "# written by Power BI Desktop for the local user\n"
        "**/.pbi/localSettings.json\n**/.pbi/cache.abf\n",
        model_dir / "definition.pbism": _json({"version": "4.2", "settings": {}}),
        # a blank page (PBIR-Legacy report.json): build the visuals in Desktop
        out / f"{PROJECT}.Report" / "report.json": _json(
            {
                "config": json.dumps({"version": "5.43", "activeSectionIndex": 0}),
                "layoutOptimization": 0,
                "resourcePackages": [],
                "sections": [
                    {
                        "config": "{}",
                        "displayName": "KPIs",
                        "displayOption": 1,
                        "filters": "[]",
                        "height": 720.0,
                        "name": "ReportSection",
                        "ordinal": 0,
                        "visualContainers": [],
                        "width": 1280.0,
                    }
                ],
            }
        ),
        out / f"{PROJECT}.Report" / "definition.pbir": _json(
            {
                "version": "4.0",
                "datasetReference": {"byPath": {"path": f"../{PROJECT}.SemanticModel"}},
            }
        ),
        definition / "database.tmdl": "database\n\tcompatibilityLevel: 1567\n",
        definition / "model.tmdl": model_tmdl(tables),
        definition / "expressions.tmdl": expressions_tmdl(),
        definition / "relationships.tmdl": relationships_tmdl(relationships),
    }
    for table in tables:
        files[definition / "tables" / f"{table.name}.tmdl"] = table_tmdl(table, mode)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return {
        "tables": len(tables),
        "columns": sum(len(t.columns) for t in tables),
        "measures": len(measures),
        "relationships": len(relationships),
    }


def _json(value: object) -> str:
    return json.dumps(value, indent=2) + "\n"
