"""SQL quoting lives in one place (ecommerce_kpis.sql_names) and is used everywhere."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import duckdb
import pandas as pd
from conftest import ROOT

from ecommerce_kpis.demo.generate import write
from ecommerce_kpis.sql_names import sql_ident, sql_literal


def test_literal_and_identifier_survive_quotes() -> None:
    text = 'it\'s a "test"'
    con = duckdb.connect()
    value = con.execute(f"select {sql_literal(text)} as {sql_ident(text)}").fetchone()
    assert value == (text,)
    assert [d[0] for d in con.description] == [text]
    assert sql_literal("O'Brien") == "'O''Brien'"
    assert sql_ident('a"b') == '"a""b"'


def test_a_path_is_a_literal_with_forward_slashes() -> None:
    assert sql_literal(PurePosixPath("/tmp/it's/x.parquet")) == "'/tmp/it''s/x.parquet'"


def test_the_generator_writes_into_a_folder_with_a_quote(tmp_path: Path) -> None:
    stores = pd.DataFrame({"store_id": ["ST01"], "store name": ["Bram's"]}, dtype=object)
    folder = tmp_path / "shop's raw"
    paths = write({"stores": stores}, folder, prefix="raw_")
    assert paths == [folder / "raw_stores.csv"]
    assert paths[0].read_text().splitlines() == ["store_id,store name", "ST01,Bram's"]


# code that quotes SQL by hand instead of calling sql_names; powerbi.py quotes
# DAX/TMDL names and Power Query strings and landing.py CSV fields, other
# languages with their own rules
HAND_QUOTING = re.compile(r"""replace\("'", "''"\)|replace\('"', '""'\)""")
NOT_SQL = {"ecommerce_kpis/powerbi.py", "ecommerce_kpis/landing.py"}


def test_no_other_sql_quoting_helper() -> None:
    offenders = [
        path.relative_to(ROOT).as_posix()
        for folder in ("ecommerce_kpis", "kpi_devtools")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if HAND_QUOTING.search(path.read_text())
    ]
    assert set(offenders) - NOT_SQL == {"ecommerce_kpis/sql_names.py"}
