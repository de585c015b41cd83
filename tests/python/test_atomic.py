"""ecommerce_kpis.atomic: a file is replaced whole or left as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecommerce_kpis import atomic


def test_write_text_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    target.write_text("old", encoding="utf-8")
    atomic.write_text(target, "new ü")
    assert target.read_text(encoding="utf-8") == "new ü"
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "index.html"
    target.write_text("old page", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic.atomic_text_file(target) as handle:
        handle.write("half a page")
        raise RuntimeError("the writer failed")
    assert target.read_text(encoding="utf-8") == "old page"
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]
