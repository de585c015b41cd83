"""The landed-shape benchmark's conversion of a tier (kpi_devtools.bench_landed):
the shape's landed() sees the demo generator's text frames, and the other raw
tables point at the adapter's rows with prefixed ids."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from ecommerce_kpis import schema
from ecommerce_kpis.demo.generate import Config, generate
from ecommerce_kpis.demo.shapes import _references, shopify_fivetran
from ecommerce_kpis.demo.tiers import write_tier
from kpi_devtools.bench_landed import convert, read_text, tier_files


@pytest.fixture(scope="module")
def tier_s(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("tier") / "S"
    write_tier("S", out, workers=1)
    return out


@pytest.fixture(scope="module")
def converted(tier_s: Path, tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("landed")
    return out, convert(tier_s, "shopify_fivetran", out)


def test_tier_reads_as_the_generators_text_frames(tier_s: Path) -> None:
    # tier S is the demo: with its last day, the same rows as generate() gives
    demo = generate(Config())
    for name in shopify_fivetran.FILLS:
        key = list(schema.raw_table(name).key)
        read = read_text(tier_s, name, last_day=True)
        pd.testing.assert_frame_equal(
            read.sort_values(key).reset_index(drop=True),
            demo[name].sort_values(key).reset_index(drop=True),
        )


def test_conversion_writes_the_landed_tables_and_prefixed_raw_tables(
    tier_s: Path, converted: tuple[Path, dict]
) -> None:
    out, result = converted
    landed = {p.stem for p in (out / "shopify_fivetran").glob("*.parquet")}
    assert landed == set(result["landed_rows"])
    # the demo's orders without the held-back day, and the six awkward ones
    orders = len(read_text(tier_s, "orders"))
    assert result["landed_rows"]["order"] == orders + 6
    con = duckdb.connect()
    for name in schema.RAW_TABLES:
        files = tier_files(out / "raw", name)
        if name in shopify_fivetran.FILLS:
            assert not files, name
            continue
        assert files, name
        paths = ", ".join(f"'{f.as_posix()}'" for f in files)
        references = _references(schema.raw_table(name))
        for column, parent in references.items():
            if parent not in shopify_fivetran.FILLS:
                continue
            unprefixed = con.execute(
                f"select count(*) from read_parquet([{paths}]) "
                f"where {column} is not null and {column} not like 'shopify:%'"
            ).fetchone()[0]
            assert unprefixed == 0, (name, column)
        if name == "fx_rates":  # the shape's own: the converted USD order's rate
            assert con.execute(f"select currency from read_parquet([{paths}])").fetchall() == [
                ("USD",)
            ]
        elif not any(p in shopify_fivetran.FILLS for p in references.values()):
            assert all(f.is_symlink() for f in files), name
