"""Benchmark tiers: shards share the catalogue, keep their ids apart, and
together hold exactly what their generators drew."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import SEEDS

from ecommerce_kpis.demo import tiers
from ecommerce_kpis.schema import RAW_TABLES


@pytest.fixture(scope="module")
def small_tier(tmp_path_factory, monkeypatch_module) -> Path:
    out = tmp_path_factory.mktemp("tier") / "T"
    monkeypatch_module.setitem(tiers.TIERS, "T", tiers.Tier("T", 2, 0.2))
    tiers.write_tier("T", out, workers=2)
    return out


@pytest.fixture(scope="module")
def monkeypatch_module():
    patch = pytest.MonkeyPatch()
    yield patch
    patch.undo()


def _read(folder: Path, table: str, append: bool = True) -> str:
    paths = []
    for base in [folder, folder / "_append"] if append else [folder]:
        if (base / f"{table}.parquet").exists():
            paths.append((base / f"{table}.parquet").as_posix())
        paths += [p.as_posix() for p in sorted((base / table).glob("*.parquet"))]
    return f"read_parquet({paths!r}, union_by_name = true)"


def test_shards_have_their_own_ids_and_share_the_catalogue(small_tier: Path) -> None:
    con = duckdb.connect()
    prefixes = con.execute(
        f"select distinct left(session_id, 5) from {_read(small_tier, 'sessions')} order by 1"
    ).fetchall()
    assert prefixes == [("K0000",), ("K0001",)]
    duplicates = con.execute(
        f"select count(*) - count(distinct order_id) from {_read(small_tier, 'orders')}"
    ).fetchone()[0]
    assert duplicates == 0
    # every line's product is in the one catalogue file
    orphans = con.execute(
        f"select count(*) from {_read(small_tier, 'order_lines')} as l "
        f"anti join {_read(small_tier, 'products')} as p using (product_id)"
    ).fetchone()[0]
    assert orphans == 0


def test_parts_hold_every_drawn_row_once(small_tier: Path) -> None:
    import json

    drawn = json.loads((small_tier / "_tier.json").read_text())["rows_drawn"]
    con = duckdb.connect()
    for table in tiers.PARTS:
        rows = con.execute(f"select count(*) from {_read(small_tier, table)}").fetchone()[0]
        assert rows == drawn[table], table


def test_the_held_back_day_is_the_last_local_day(small_tier: Path) -> None:
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    local = f"cast(timezone('{tiers.TIMEZONE}', session_start_at::timestamptz) as date)"
    kept = con.execute(
        f"select max({local}) from {_read(small_tier, 'sessions', append=False)}"
    ).fetchone()[0]
    appended = con.execute(
        f"select min({local}), max({local}) "
        f"from read_parquet('{(small_tier / '_append/sessions/*.parquet').as_posix()}')"
    ).fetchone()
    assert appended[0] == appended[1]
    assert (appended[0] - kept).days == 1


def test_daily_bookings_are_one_row_per_key(small_tier: Path) -> None:
    con = duckdb.connect()
    for table, (keys, _) in tiers.DAILY.items():
        key = ", ".join(keys)
        repeated = con.execute(
            f"select count(*) from (select {key} from {_read(small_tier, table)} "
            f"group by all having count(*) > 1)"
        ).fetchone()[0]
        assert repeated == 0, table


def test_columns_carry_the_contract_types(small_tier: Path) -> None:
    expected = {
        "varchar": "VARCHAR",
        "timestamp": "TIMESTAMP",
        "date": "DATE",
        "decimal": "DECIMAL(18,2)",
        "rate": "DECIMAL(18,8)",
        "integer": "INTEGER",
    }
    con = duckdb.connect()
    for table, spec in RAW_TABLES.items():
        described = dict(
            (name, kind)
            for name, kind, *_ in con.execute(
                f"describe select * from {_read(small_tier, table)}"
            ).fetchall()
        )
        assert described == {name: expected[kind] for name, kind in spec}, table


def test_tier_s_is_the_demo(tmp_path: Path) -> None:
    """One shard at scale 1 without prefix: the seeds' sessions, typed."""
    out = tmp_path / "S"
    tiers.write_tier("S", out, workers=1)
    con = duckdb.connect()
    tier_ids = con.execute(f"select session_id from {_read(out, 'sessions')} order by 1").fetchall()
    seed_ids = con.execute(
        f"select session_id from read_csv('{SEEDS / 'raw_sessions.csv'}', all_varchar = true) "
        "order by 1"
    ).fetchall()
    assert tier_ids == seed_ids
