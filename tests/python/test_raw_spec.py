"""The raw-table specs (seeds/raw/raw_<table>.yml, decision D49) and what is derived from them.

Each raw table is declared once; these tests check that the spec files are
well formed and that the things derived from them (the seed CSV headers, the
raw column lists that dbt compiles into the base models, the seed loader's
text columns) really follow the files.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import SEEDS

from ecommerce_kpis import schema
from ecommerce_kpis.schema import RAW_TABLES, columns, raw_table, raw_tables

SPEC_FILES = sorted(SEEDS.glob("raw_*.yml"))
RANGE_KEYS = {"min", "max", "min_exclusive", "max_exclusive"}
COLUMN_META_KEYS = {
    "nullable",
    "accepted_values",
    "accepted_values_of",
    "range",
    "format",
    "normalize",
    "staging_name",
    "pii",
}
TABLE_META_KEYS = {
    "key",
    "first_of_duplicates_by",
    "parents",
    "loose_parents",
    "incremental_date",
    "row_rules",
    "children_rules",
}


def test_one_spec_file_per_seed_csv() -> None:
    assert [p.stem for p in SPEC_FILES] == sorted(p.stem for p in SEEDS.glob("raw_*.csv"))
    assert sorted(f"raw_{t}" for t in RAW_TABLES) == [p.stem for p in SPEC_FILES]
    assert len(RAW_TABLES) == 20


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: p.stem)
def test_seed_csv_header_is_the_spec_columns_in_order(path: Path) -> None:
    with path.with_suffix(".csv").open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header == columns(path.stem.removeprefix("raw_"))


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: p.stem)
def test_spec_file_is_well_formed(path: Path) -> None:
    (seed,) = yaml.safe_load(path.read_text())["seeds"]
    assert "column_types" not in seed.get("config", {}), "text types are derived, not listed"
    table = raw_table(path.stem.removeprefix("raw_"))
    names = [c.name for c in table.columns]
    assert len(set(names)) == len(names)
    assert set(table.meta) <= TABLE_META_KEYS, set(table.meta) - TABLE_META_KEYS
    for column in table.columns:
        assert column.description and "contract type" not in column.description, column.name
        assert set(column.meta) <= COLUMN_META_KEYS, (column.name, column.meta)
        assert isinstance(column.meta.get("nullable"), bool), column.name
        assert set(column.meta.get("range", {})) <= RANGE_KEYS, column.name
        if column.accepted_values is not None:
            assert column.kind == "varchar" and column.accepted_values, column.name
    for key in table.key:
        assert key in names and not table.column(key).nullable, key
    if table.meta.get("first_of_duplicates_by") not in (None, "raw_row"):
        assert table.meta["first_of_duplicates_by"] in names
    for child, parent in {**table.parents, **table.meta.get("loose_parents", {})}.items():
        parent_table, parent_column = parent.split(".")
        assert child in names, child
        assert parent_column in columns(parent_table), parent
    for rule in table.meta.get("row_rules", []) + table.meta.get("children_rules", []):
        assert rule["rule"].split(":")[0] in names, rule


def test_value_lists_are_read_from_the_spec() -> None:
    """The generator's allowed values and a shared list (`accepted_values_of`)."""
    assert schema.SHIFTS == ("early", "late", "night")
    assert raw_table("campaigns").column("channel").accepted_values == schema.SESSION_CHANNELS
    assert raw_table("marketing_costs").column("channel").accepted_values == (
        schema.SESSION_CHANNELS
    )
    assert len(schema.SESSION_CHANNELS) == 9


def test_a_changed_spec_file_changes_what_python_reads(tmp_path: Path) -> None:
    for path in SPEC_FILES:
        text = path.read_text()
        if path.stem == "raw_stores":
            text = text.replace("      - name: city\n", "      - name: town\n")
        (tmp_path / path.name).write_text(text)
    assert [c.name for c in raw_tables(tmp_path)["stores"].columns] == [
        "store_id",
        "store_name",
        "town",
    ]
    assert columns("stores") == ["store_id", "store_name", "city"]


def test_an_unknown_data_type_is_refused(tmp_path: Path) -> None:
    for path in SPEC_FILES:
        text = path.read_text()
        if path.stem == "raw_stores":
            text = text.replace("data_type: varchar", "data_type: text", 1)
        (tmp_path / path.name).write_text(text)
    with pytest.raises(schema.SpecError, match="unknown data_type 'text'"):
        raw_tables(tmp_path)


# ------------------------------------------------------------------ what dbt derives

# the text columns of raw_source's select, then its dq_file_issue (a literal,
# or a landed CSV copy's own column)
RAW_SELECT = re.compile(
    r"((?:\s*cast\([^()]*\) as \w+,)+)\s*(?:cast|nullif)\([^()]*\) as dq_file_issue"
)
ALIAS = re.compile(r"\) as (\w+),")
STRUCT = re.compile(r"(?:struct_pack|named_struct)\((.*?)\)\s+as dq_raw_row", re.S)
BASE_MODELS = {
    "fx_rates": "base_finance__fx_rates",
    "customers": "base_shop__customers",
    "products": "base_shop__products",
    "product_complements": "base_shop__product_complements",
    "promotions": "base_shop__promotions",
    "orders": "base_shop__orders",
    "order_lines": "base_shop__order_lines_rows",
    "stores": "base_pos__stores",
    "store_traffic": "base_pos__store_traffic",
    "sessions": "base_web_analytics__sessions",
    "product_views": "base_web_analytics__product_views",
    "returns": "base_returns__returns",
    "warehouses": "base_warehouse__warehouses",
    "shipments": "base_warehouse__shipments",
    "fulfilment_costs": "base_warehouse__fulfilment_costs",
    "campaigns": "base_marketing__campaigns",
    "ad_performance": "base_marketing__ad_performance",
    "marketing_costs": "base_marketing__marketing_costs",
    "nps_responses": "base_survey__nps_responses",
    "email_events": "base_marketing__email_events",
}


@pytest.fixture(scope="module")
def compiled_base_models(ci_build) -> dict[str, str]:
    """The compiled SQL of every base model in the demo build of this run."""
    manifest = json.loads((ci_build.target_path / "manifest.json").read_text())
    return {
        node["name"]: node["compiled_code"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["name"] in BASE_MODELS.values()
    }


def test_every_raw_table_has_a_base_model() -> None:
    assert sorted(BASE_MODELS) == sorted(RAW_TABLES)


@pytest.mark.parametrize("table", sorted(BASE_MODELS))
def test_compiled_raw_source_lists_exactly_the_spec_columns(compiled_base_models, table) -> None:
    """raw_source (the text columns read) and its dq_raw_row (the quarantined
    row's text) in the table's base model name the spec's columns, in order."""
    sql = compiled_base_models[BASE_MODELS[table]]
    selects = [ALIAS.findall(block + ",") for block in RAW_SELECT.findall(sql)]
    assert selects, "no raw_source subquery in the compiled model"
    assert columns(table) in selects
    assert all(select in [columns(t) for t in RAW_TABLES] for select in selects)
    # one struct per read of the raw rows (raw_typed_rows), each a raw table's
    structs = [re.findall(r"(\w+) :=", fields) for fields in STRUCT.findall(sql)]
    assert columns(table) in structs
    assert all(struct in [columns(t) for t in RAW_TABLES] for struct in structs)


def _prose_sections() -> dict[str, list[str]]:
    """docs/spec/raw-tables.md: `### <table>` -> the column names of its table."""
    text = (SEEDS.parents[1] / "docs" / "spec" / "raw-tables.md").read_text(encoding="utf-8")
    sections = {}
    for block in re.split(r"^### ", text, flags=re.MULTILINE)[1:]:
        name, _, body = block.partition("\n")
        sections[name.strip()] = re.findall(r"^\| (\w+) \| \w", body, flags=re.MULTILINE)
    return sections


@pytest.mark.parametrize("table", RAW_TABLES)
def test_the_users_spec_documents_every_column(table: str) -> None:
    """The prose spec a user reads has a section for each raw table, with a row
    for each column, in the spec file's order."""
    sections = _prose_sections()
    assert table in sections, f"docs/spec/raw-tables.md has no section ### {table}"
    assert [c for c in sections[table] if c != "column"] == columns(table)
