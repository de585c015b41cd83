"""Publishing for BI: only green builds, atomically, never blocked by readers."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import struct
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from ecommerce_kpis.catalogue import mart_models
from ecommerce_kpis.cli import main
from ecommerce_kpis.publish import NOT_PUBLISHED, ODBC_SAFE_TYPES, PublishRefused, publish

ROOT = Path(__file__).resolve().parents[2]
# every model of models/marts but raw source rows
BI_TABLES = mart_models(ROOT) - NOT_PUBLISHED


def green_results(path: Path) -> Path:
    path.write_text(
        json.dumps(
            {
                "args": {"which": "build"},
                "results": [{"unique_id": "model.x.y", "status": "success"}],
            }
        )
    )
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def published(ci_database: Path, tmp_path: Path) -> Path:
    out = tmp_path / "published"
    publish(ci_database, out, green_results(tmp_path / "run_results.json"))
    return out


def test_publish_copies_every_bi_table(ci_database: Path, published: Path) -> None:
    source = duckdb.connect(str(ci_database), read_only=True)
    expected = {
        name: source.execute(f'select count(*) from marts."{name}"').fetchone()[0]
        for (name,) in source.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' "
            "and table_name != 'dq_rejected_rows'"
        ).fetchall()
    }
    source.close()
    assert {"kpi_scorecard", "kpi_alerts", "dim_date", "kpi_conversion_rate"} <= set(expected)
    assert set(expected) == BI_TABLES
    # raw source rows stay in the working database
    assert not (published / "parquet" / "dq_rejected_rows.parquet").exists()
    copy = duckdb.connect(str(published / "ecommerce_kpis.duckdb"), read_only=True)
    for name, rows in expected.items():
        assert copy.execute(f'select count(*) from "{name}"').fetchone()[0] == rows, name
        parquet = (published / "parquet" / f"{name}.parquet").as_posix()
        assert copy.execute(f"select count(*) from read_parquet('{parquet}')").fetchone()[0] == rows
    copy.close()


def test_published_file_is_read_only(published: Path) -> None:
    mode = (published / "ecommerce_kpis.duckdb").stat().st_mode
    assert not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert (published / "parquet").is_symlink()


def test_a_failed_build_leaves_the_published_copy_untouched(
    ci_database: Path, published: Path, failed_build_results: Path
) -> None:
    before = digest(published / "ecommerce_kpis.duckdb")
    link_before = (published / "parquet").resolve()
    results = failed_build_results
    with pytest.raises(PublishRefused, match="did not pass"):
        publish(ci_database, published, results)
    code = main(
        [
            "publish",
            "--database",
            str(ci_database),
            "--out",
            str(published),
            "--run-results",
            str(results),
        ]
    )
    assert code == 1
    assert digest(published / "ecommerce_kpis.duckdb") == before
    assert (published / "parquet").resolve() == link_before


def header_version(path: Path) -> tuple[int, str]:
    """DuckDB's main header: checksum, b'DUCK', storage version, flags, writer version."""
    head = path.read_bytes()[:84]
    _checksum, magic, version = struct.unpack_from("<Q4sQ", head, 0)
    assert magic == b"DUCK"
    return version, head[52:84].rstrip(b"\0").decode()


def test_published_file_is_in_the_storage_format_every_odbc_driver_reads(
    published: Path,
) -> None:
    path = published / "ecommerce_kpis.duckdb"
    version, writer = header_version(path)
    # 64 = storage v1.0.0 .. v1.1.x, read by DuckDB 1.0 and later (2.0 writes 999)
    assert version == 64, f"storage version {version} written by {writer}"
    con = duckdb.connect(str(path), read_only=True)
    tag = con.execute(
        "select tags['storage_version'] from duckdb_databases() "
        "where database_name = current_database()"
    ).fetchone()[0]
    types = {
        t
        for (t,) in con.execute(
            "select distinct data_type from information_schema.columns"
        ).fetchall()
    }
    con.close()
    assert tag == "v1.0.0+"
    assert types <= ODBC_SAFE_TYPES | {"DECIMAL(18,2)"}


@pytest.mark.slow
def test_the_oldest_duckdb_1x_opens_the_published_file(published: Path, tmp_path: Path) -> None:
    """duckdb 1.0.0 from PyPI, in a folder of its own, reads every table."""
    old = tmp_path / "duckdb-1.0.0"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "--target",
            str(old),
            "duckdb==1.0.0",
        ],
        check=True,
    )
    script = (
        "import duckdb, sys\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        "assert duckdb.__version__ == '1.0.0', duckdb.__version__\n"
        "names = [t for (t,) in con.execute('select table_name from information_schema.tables')"
        ".fetchall()]\n"
        "print(len(names), sum(con.execute(f'select count(*) from \"{t}\"').fetchone()[0]"
        " for t in names))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(published / "ecommerce_kpis.duckdb")],
        env={**os.environ, "PYTHONPATH": str(old)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    tables, rows = map(int, result.stdout.split())
    assert tables == len(BI_TABLES)
    assert rows > 10_000


def test_publish_refuses_types_the_odbc_driver_breaks(tmp_path: Path) -> None:
    database = tmp_path / "odd.duckdb"
    con = duckdb.connect(str(database))
    con.execute("create schema marts")
    con.execute(
        "create table marts.kpi_x as select 1::hugeint as total, "
        "2.5::decimal(38,2) as money, 3::bigint as fine"
    )
    con.close()
    with pytest.raises(PublishRefused) as refused:
        publish(database, tmp_path / "out")
    message = str(refused.value)
    assert "marts.kpi_x.total: HUGEINT" in message
    assert "marts.kpi_x.money: DECIMAL(38,2)" in message
    assert "fine" not in message
    assert not (tmp_path / "out" / "ecommerce_kpis.duckdb").exists()
