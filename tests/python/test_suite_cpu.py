"""The suite's CPU ledger summed per module (kpi_devtools.suite_cpu)."""

from __future__ import annotations

import json

from kpi_devtools.suite_cpu import main, summary


def _line(module: str, worker: str, cpu: float, wall: float, tests: int) -> str:
    return json.dumps(
        {"module": module, "worker": worker, "cpu": cpu, "wall": wall, "tests": tests}
    )


def test_a_module_on_two_workers_is_summed_and_the_largest_comes_first() -> None:
    lines = [
        _line("test_a.py", "gw0", 10.0, 12.0, 3),
        _line("test_b.py", "gw1", 25.5, 30.0, 1),
        "",
        _line("test_a.py", "gw2", 20.0, 1.0, 2),
    ]
    # test_a: 10 + 20 = 30 CPU-s, 12 + 1 = 13 s, 3 + 2 = 5 tests
    assert summary(lines) == [("test_a.py", 30.0, 13.0, 5), ("test_b.py", 25.5, 30.0, 1)]


def test_the_report_prints_the_top_and_the_total_of_all(tmp_path, capsys) -> None:
    log = tmp_path / "cpu.jsonl"
    log.write_text(
        "\n".join([_line("test_a.py", "gw0", 1.0, 2.0, 1), _line("test_b.py", "gw0", 3.0, 4.0, 1)])
    )
    assert main([str(log), "--top", "1"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[1].split() == ["test_b.py", "3.0", "4.0", "1"]
    assert len(printed) == 3
    # the total is of every module, also those beyond the top
    assert printed[2].split() == ["all", "4.0", "6.0"]
