"""The Power BI model as code: generated from dbt, valid, equal to the published data.

The committed ``powerbi/`` folder must equal what the generator makes from
this build's manifest and catalog (no drift), pass the TMDL / DAX / M checks,
and match the published DuckDB copy and the PostgreSQL schema column by
column; planted faults must each fail the checks.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT, Serving, copy_database

from ecommerce_kpis import catalogue
from ecommerce_kpis.powerbi import FORMATS, ModelError, build_model, generate
from ecommerce_kpis.publish import NOT_PUBLISHED, publish
from ecommerce_kpis.serve_postgres import publish_postgres
from kpi_devtools.tmdl_check import (
    check_data,
    check_definition,
    dax_references,
    duckdb_columns,
    main,
    postgres_columns,
)

COMMITTED = ROOT / "powerbi"
DEFINITION = Path("EcommerceKPIs.SemanticModel") / "definition"


@pytest.fixture(scope="module")
def artifacts(ci_docs: Path) -> Path:
    """manifest.json and catalog.json of the CI build (conftest: ci_docs)."""
    return ci_docs


@pytest.fixture(scope="module")
def published_copy(ci_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pbi_published")
    return publish(ci_database, out).database


def errors(issues) -> list[str]:
    return [str(i) for i in issues if i.severity == "error"]


def test_committed_project_is_what_the_dbt_project_generates(
    artifacts: Path, tmp_path: Path
) -> None:
    fresh = tmp_path / "powerbi"
    generate(artifacts, fresh, project=ROOT)
    committed = {p.relative_to(COMMITTED): p for p in COMMITTED.rglob("*") if p.is_file()}
    generated = {p.relative_to(fresh): p for p in fresh.rglob("*") if p.is_file()}
    assert sorted(committed) == sorted(generated), "run `make powerbi` and commit powerbi/"
    stale = [str(n) for n, p in generated.items() if p.read_bytes() != committed[n].read_bytes()]
    assert stale == [], "run `make powerbi` and commit powerbi/"


def test_the_model_has_a_table_per_mart_measures_relationships_and_a_date_table() -> None:
    definition = COMMITTED / DEFINITION
    tables = {p.stem for p in (definition / "tables").glob("*.tmdl")}
    # every model of models/marts but raw source rows
    assert tables == catalogue.mart_models(ROOT) - NOT_PUBLISHED
    assert "dq_rejected_rows" not in tables
    date_table = (definition / "tables" / "dim_date.tmdl").read_text()
    assert "\tdataCategory: Time" in date_table
    assert "\t\tisKey" in date_table
    conversion = (definition / "tables" / "kpi_conversion_rate.tmdl").read_text()
    assert (
        "measure 'Conversion rate' = DIVIDE(SUM(kpi_conversion_rate[orders]), "
        "SUM(kpi_conversion_rate[sessions]))"
    ) in conversion
    assert "formatString: 0.00%" in conversion
    nps = (definition / "tables" / "kpi_net_promoter_score.tmdl").read_text()
    assert (
        "= 100 * DIVIDE(SUM(kpi_net_promoter_score[promoters]) - "
        "SUM(kpi_net_promoter_score[detractors]), SUM(kpi_net_promoter_score[responses]))"
    ) in nps
    clv = (definition / "tables" / "kpi_customer_lifetime_value.tmdl").read_text()
    assert (
        "DIVIDE(SUMX(kpi_customer_lifetime_value, kpi_customer_lifetime_value"
        "[customer_lifetime_value] * kpi_customer_lifetime_value[customers]), "
        "SUM(kpi_customer_lifetime_value[customers]))"
    ) in clv
    relationships = (definition / "relationships.tmdl").read_text()
    assert "fromColumn: kpi_churn_rate.month_start\n\ttoColumn: dim_date.date_day" in relationships
    assert "fromColumn: kpi_store_conversion_rate.store_id\n\ttoColumn: dim_store.store_id" in (
        relationships
    )
    pbip = json.loads((COMMITTED / "EcommerceKPIs.pbip").read_text())
    assert pbip["artifacts"][0]["report"]["path"] == "EcommerceKPIs.Report"
    report = COMMITTED / "EcommerceKPIs.Report"
    pbir = json.loads((report / "definition.pbir").read_text())
    assert pbir["datasetReference"]["byPath"]["path"] == "../EcommerceKPIs.SemanticModel"
    assert json.loads((report / "report.json").read_text())["sections"][0]["name"]


def test_every_kpi_of_the_catalogue_has_its_measure(artifacts: Path) -> None:
    manifest = json.loads((artifacts / "manifest.json").read_text())
    catalog = json.loads((artifacts / "catalog.json").read_text())
    kpis = catalogue.load(ROOT)
    tables, _ = build_model(manifest, catalog, kpis)
    measures = {(t.name, m.name): m for t in tables for m in t.measures}
    for kpi in kpis:
        measure = measures[(kpi.mart, kpi.label)]
        assert measure.format_string == FORMATS[kpi.format], kpi.kpi_name
        assert measure.description == kpi.formula
        if kpi.denominator is None:
            start = "SUM("
        else:
            start = "DIVIDE(" if kpi.scale == 1 else f"{kpi.scale} * DIVIDE("
        assert measure.expression.startswith(start), kpi.kpi_name
    for table in tables:
        for measure in table.measures:
            assert measure.format_string in FORMATS.values()
            # every measure reads only its own table's columns
            own = {c.name for c in table.columns}
            for ref_table, column in dax_references(measure.expression):
                assert (ref_table, column in own) == (table.name, True), measure.name


def test_generated_model_passes_the_checks(published_copy: Path) -> None:
    definition = COMMITTED / DEFINITION
    assert errors(check_definition(definition)) == []
    assert errors(check_data(definition, duckdb_columns(published_copy))) == []


def test_model_matches_the_postgresql_serving_schema(
    serving: Serving, ci_database: Path, tmp_path: Path
) -> None:
    source = copy_database(ci_database, tmp_path)
    publish_postgres(source, conninfo=serving.publisher_dsn, reader_password="reader-secret")
    published = postgres_columns(serving.reader_dsn)
    assert errors(check_data(COMMITTED / DEFINITION, published)) == []


CONVERSION = "tables/kpi_conversion_rate.tmdl"
MEASURE = "DIVIDE(SUM(kpi_conversion_rate[orders]), SUM(kpi_conversion_rate[sessions]))"

PLANTED = {
    "DAX syntax error": (
        CONVERSION,
        MEASURE,
        "DIVIDE(SUM(kpi_conversion_rate[orders]), )",
        "trailing argument separator",
    ),
    "DAX unbalanced parenthesis": (
        CONVERSION,
        MEASURE,
        "DIVIDE(SUM(kpi_conversion_rate[orders]), SUM(kpi_conversion_rate[sessions])",
        "expected `)`",
    ),
    "DAX unknown function": (CONVERSION, "= DIVIDE(", "= DIVDE(", "DIVDE"),
    "DAX unknown column": (
        CONVERSION,
        "kpi_conversion_rate[orders]",
        "kpi_conversion_rate[order_count]",
        "kpi_conversion_rate[order_count]",
    ),
    "DAX unknown table": (CONVERSION, "SUM(kpi_conversion_rate[sessions])", "SUM(x[y])", "`x`"),
    "type mismatch": (
        CONVERSION,
        "column sessions\n\t\tdataType: int64",
        "column sessions\n\t\tdataType: string",
        "kpi_conversion_rate.sessions: dataType string but published as BIGINT",
    ),
    "unknown source column": (
        CONVERSION,
        "sourceColumn: sessions",
        "sourceColumn: session_count",
        "kpi_conversion_rate.session_count: not published",
    ),
    "misspelt TMDL keyword": (
        CONVERSION,
        "\tcolumn device_category",
        "\tcolum device_category",
        "unknown keyword 'colum'",
    ),
    "unknown property": (CONVERSION, "\t\tdataType: string", "\t\tdataTyp: string", "dataTyp"),
    "bad enum value": (CONVERSION, "summarizeBy: sum", "summarizeBy: total", "summarizeBy"),
    "spaces for indentation": (
        CONVERSION,
        "\t\tsourceColumn: orders",
        "    sourceColumn: orders",
        "tabs",
    ),
    "unquoted name with a space": (
        CONVERSION,
        "measure 'Conversion rate'",
        "measure Conversion rate",
        "quote names",
    ),
    "relationship to a missing column": (
        "relationships.tmdl",
        "toColumn: dim_date.date_day",
        "toColumn: dim_date.day",
        "'dim_date.day' is not a column",
    ),
    "M unknown parameter": (CONVERSION, "PostgresServer,", "PostgresHost,", "'PostgresHost'"),
    "M unbalanced bracket": (
        CONVERSION,
        'Item = "kpi_conversion_rate"]}[Data]',
        'Item = "kpi_conversion_rate"}[Data]',
        "unbalanced",
    ),
    "ref to a missing table file": (
        "model.tmdl",
        "ref table dim_store",
        "ref table dim_shop",
        "ref table dim_shop",
    ),
    "table not in the published data": (
        "tables/dim_store.tmdl",
        "table dim_store\n",
        "table dim_shop\n",
        "table dim_shop: not published",
    ),
}


@pytest.mark.parametrize("fault", sorted(PLANTED))
def test_planted_faults_fail_the_checks(fault: str, published_copy: Path, tmp_path: Path) -> None:
    file, old, new, expected = PLANTED[fault]
    definition = tmp_path / "definition"
    shutil.copytree(COMMITTED / DEFINITION, definition)
    path = definition / file
    text = path.read_text()
    assert old in text, f"the fault {fault!r} no longer applies"
    path.write_text(text.replace(old, new, 1))
    found = errors(check_definition(definition)) + errors(
        check_data(definition, duckdb_columns(published_copy))
    )
    assert found, f"{fault}: not caught"
    assert any(expected in message for message in found), found


def test_generator_refuses_a_measure_without_a_formula(artifacts: Path) -> None:
    manifest = json.loads((artifacts / "manifest.json").read_text())
    catalog = json.loads((artifacts / "catalog.json").read_text())
    ratios = [
        node["test_metadata"]["kwargs"]["ratios"]
        for node in manifest["nodes"].values()
        if (node.get("test_metadata") or {}).get("name") == "row_rules"
        and node["attached_node"] == "model.ecommerce_kpis.kpi_cost_per_conversion"
        and "return_on_ad_spend" in (node["test_metadata"]["kwargs"].get("ratios") or {})
    ]
    assert len(ratios) == 1
    del ratios[0]["return_on_ad_spend"]
    with pytest.raises(ModelError, match=r"kpi_cost_per_conversion\.return_on_ad_spend"):
        build_model(manifest, catalog, catalogue.load(ROOT))


def test_generator_refuses_a_catalogue_formula_on_an_unknown_column(artifacts: Path) -> None:
    manifest = json.loads((artifacts / "manifest.json").read_text())
    catalog = json.loads((artifacts / "catalog.json").read_text())
    kpis = [
        replace(kpi, denominator="session") if kpi.kpi_name == "conversion_rate" else kpi
        for kpi in catalogue.load(ROOT)
    ]
    with pytest.raises(ModelError, match="kpi_catalogue conversion_rate: formula 'session'"):
        build_model(manifest, catalog, kpis)
    unpublished = [replace(kpis[0], mart="kpi_not_built")]
    with pytest.raises(ModelError, match="kpi_not_built"):
        build_model(manifest, catalog, unpublished)


def test_check_command_exit_codes(published_copy: Path, tmp_path: Path, capsys) -> None:
    definition = tmp_path / "definition"
    shutil.copytree(COMMITTED / DEFINITION, definition)
    assert main([str(definition), "--database", str(published_copy)]) == 0
    table = definition / CONVERSION
    table.write_text(table.read_text().replace("sourceColumn: orders", "sourceColumn: order_n"))
    assert main([str(definition), "--database", str(published_copy)]) == 1
    assert "kpi_conversion_rate.order_n: not published" in capsys.readouterr().out
