"""The benchmark's summary and Markdown table with the three references: a
result without a reference's figure (measured before it existed, or skipped)
still reads, with "-" or the reason in its columns."""

from __future__ import annotations

import json
from pathlib import Path

from kpi_devtools.bench import chart, summarise, table

ROOT = Path(__file__).resolve().parents[2]


def _result(tier: str, steps: dict, **extra) -> dict:
    return {
        "tier": tier,
        "data": {"rows_drawn": {"sessions": 1000, "orders": 10}},
        "steps": steps,
        "summary": summarise(steps),
        **extra,
    }


def _steps(**seconds: float) -> dict:
    return {name: {"seconds": s, "peak_mb": 100} for name, s in seconds.items()}


def _row(markdown: str, tier: str) -> list[str]:
    line = next(x for x in markdown.splitlines() if x.startswith(f"| {tier} |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_polars_seconds_and_ratio_in_summary_and_table() -> None:
    steps = _steps(
        seed=10, full_run=20, full_test=10, reference_sql=2, reference_pandas=8, reference_polars=4
    )
    result = _result("S", steps)
    assert result["summary"]["reference_polars_s"] == 4
    assert result["summary"]["polars_over_full_build"] == 0.1
    markdown = table([result])
    header = [c.strip() for c in markdown.splitlines()[0].strip("|").split("|")]
    row = _row(markdown, "S")
    assert len(row) == len(header) == 14
    assert header[-2:] == ["(c) polars", "(c) / full build"]
    assert row[-4:] == ["8 s", "0.20x", "4 s", "0.10x"]


def test_results_without_polars_show_a_dash_or_the_skip_reason() -> None:
    old = _result("M", _steps(seed=10, full_run=20, full_test=10, reference_pandas=8))
    skipped = _result(
        "L",
        _steps(seed=10, full_run=20, full_test=10),
        reference_polars_skipped="needs about 66 GB",
    )
    markdown = table([old, skipped])
    assert _row(markdown, "M")[-2:] == ["-", "-"]
    assert _row(markdown, "L")[-2:] == ["not run: needs about 66 GB", "-"]


def test_committed_results_still_make_the_table() -> None:
    results = [json.loads(p.read_text()) for p in sorted((ROOT / "bench/results").glob("*.json"))]
    markdown = table(results)
    assert len(markdown.splitlines()) == 2 + len(results)


def test_a_landed_shape_is_its_own_labelled_row_and_not_on_the_chart(tmp_path) -> None:
    """bench/results holds M-shopify_fivetran.json (bench_landed) beside
    M.json: the table read it as a second "M" row and the chart drew both
    at M's size."""
    plain = _result("M", _steps(seed=10, full_run=20, full_test=10, reference_sql=2))
    landed = _result("M", _steps(seed=10, full_run=40, full_test=10), shape="shopify_fivetran")
    markdown = table([landed, plain])
    lines = markdown.splitlines()[2:]
    assert [line.split("|")[1].strip() for line in lines] == ["M", "M (shopify_fivetran landed)"]
    assert _row(markdown, "M (shopify_fivetran landed)")[3] == "60 s"
    svg = tmp_path / "chart.svg"
    chart([plain, landed], svg)
    # one point per series that M has: the full build and (a)
    assert svg.read_text().count("<circle") == 2
