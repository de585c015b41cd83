"""The benchmark's floor: every raw table written once, as it is.

On a hand-made raw folder (one table as a single file, one as parts, one
folder without parts, one file that is not Parquet) the floor writes exactly
the raw tables with all their rows and leaves no database behind; added to a
committed result, it comes with its date and the full run's ratio to it.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from kpi_devtools import bench
from kpi_devtools.references import floor


def _parquet(path: Path, rows: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    duckdb.sql(f"copy (select range as id from range({rows})) to '{path}' (format parquet)")


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    _parquet(raw / "stores.parquet", 3)
    _parquet(raw / "sessions" / "part-0.parquet", 5)
    _parquet(raw / "sessions" / "part-1.parquet", 7)
    (raw / "empty").mkdir()
    (raw / "notes.txt").write_text("not a table")
    return raw


def test_raw_tables_are_the_parquet_files_and_part_folders(raw: Path) -> None:
    assert floor.raw_tables(raw) == ["sessions", "stores"]


def test_every_row_is_written_and_the_database_removed(raw: Path, tmp_path: Path) -> None:
    database = tmp_path / "scratch" / "floor.duckdb"
    database.parent.mkdir()
    database.write_text("a stale file from an earlier run")
    report = floor.write_all(raw, database)
    # 5 + 7 rows in two parts, 3 in one file
    assert {t: v["rows"] for t, v in report["tables"].items()} == {"sessions": 12, "stores": 3}
    assert report["seconds"] == pytest.approx(sum(v["seconds"] for v in report["tables"].values()))
    assert list(database.parent.iterdir()) == []


def test_command_line_prints_the_report(raw: Path, tmp_path: Path, capsys) -> None:
    assert floor.main([str(raw), "--database", str(tmp_path / "f.duckdb")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["reference"] == "floor"
    assert report["tables"]["sessions"]["rows"] == 12


def test_add_floor_to_a_committed_result(tmp_path: Path) -> None:
    """A result from before the floor gets the step, its date and the full
    run's ratio (20 s / the floor), the rest of the result unchanged; the
    held-back day is in the raw folder, as for the references."""
    tier = tmp_path / "data" / "S"
    _parquet(tier / "sessions" / "part-0.parquet", 4)
    _parquet(tier / "_append" / "sessions" / "part-0.parquet", 2)
    out = tmp_path / "results"
    out.mkdir()
    steps = {n: {"seconds": s, "peak_mb": 10} for n, s in (("full_run", 20.0), ("seed", 1.0))}
    (out / "S.json").write_text(json.dumps({"tier": "S", "steps": steps, "note": "kept"}))
    work = tmp_path / "work"
    result = bench.add_floor("s", tmp_path / "data", out, work)
    assert json.loads((out / "S.json").read_text()) == result
    assert result["note"] == "kept"
    assert result["floor_measured_on"]
    floor_s = result["steps"]["floor"]["seconds"]
    assert result["summary"]["floor_s"] == floor_s
    assert result["summary"]["full_run_over_floor"] == round(20.0 / floor_s, 2)
    assert sorted(p.name for p in (work / "raw" / "sessions").iterdir()) == [
        "day-part-0.parquet",
        "part-0.parquet",
    ]
    # the floor's own report is in its log: 4 rows + the appended day's 2
    assert '"rows": 6' in (work / "floor.log").read_text()
