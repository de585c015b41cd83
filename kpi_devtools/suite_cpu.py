"""Where the test suite's CPU went: the per-module lines that a pytest run
with KPI_TEST_CPU_LOG=FILE wrote (tests/python/conftest.py), summed and
sorted, the largest first.

    python -m kpi_devtools.suite_cpu FILE [--top N]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path


def summary(lines: list[str]) -> list[tuple[str, float, float, int]]:
    """(module, CPU-s, wall-s, tests) per module, the most CPU first."""
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for line in lines:
        if line.strip():
            record = json.loads(line)
            spent = totals[record["module"]]
            spent[0] += record["cpu"]
            spent[1] += record["wall"]
            spent[2] += record["tests"]
    rows = [(module, cpu, wall, int(n)) for module, (cpu, wall, n) in totals.items()]
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--top", type=int, default=0, help="only the N largest (0: all)")
    args = parser.parse_args(argv)
    rows = summary(args.file.read_text(encoding="utf-8").splitlines())
    print(f"{'module':<45} {'CPU-s':>8} {'wall-s':>8} {'tests':>6}")
    for module, cpu, wall, tests in rows[: args.top or None]:
        print(f"{module:<45} {cpu:8.1f} {wall:8.1f} {tests:6d}")
    print(f"{'all':<45} {sum(r[1] for r in rows):8.1f} {sum(r[2] for r in rows):8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
