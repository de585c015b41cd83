"""The benchmark's summary and Markdown table with the three references: a
result without a reference's figure (measured before it existed, or skipped)
still reads, with "-" or the reason in its columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpi_devtools.bench import (
    README_END,
    README_START,
    chart,
    load_results,
    readme_table,
    summarise,
    table,
    write_readme_table,
)

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
    results = load_results(ROOT / "bench/results")
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


def test_readme_table_gives_the_targets_figures_by_hand() -> None:
    """Full build 10 + 20 + 10 = 40 s, 40 / 4 = 10x and 20 / 4 = 5x the SQL
    reference; the day 3 + 2 = 5 s; 2,048 MB = 2.0 GB; under 10 s with a
    decimal; the floor 5 s, the full run 20 / 5 = 4x it; a skipped
    reference says so, a missing one is "-"; a landed shape is not a
    tier's row."""
    steps = _steps(
        seed=10,
        full_run=20,
        full_test=10,
        incremental_run=3,
        incremental_test=2,
        reference_sql=4,
        reference_pandas=12.4,
        floor=5,
    )
    steps["full_run"]["peak_mb"] = 2048
    tier = _result("M", steps, reference_polars_skipped="needs about 66 GB")
    landed = _result("M", _steps(seed=10, full_run=40, full_test=10), shape="shopify_fivetran")
    markdown = readme_table([landed, tier])
    assert len(markdown.splitlines()) == 3
    assert _row(markdown, "M") == [
        "M",
        "1,000",
        "40 s",
        "10.0x",
        "5.0x",
        "5.0 s (3 + 2)",
        "2.0 GB",
        "4.0 s",
        "5.0 s",
        "12 s",
        "not run (memory)",
    ]
    assert tier["summary"]["full_run_over_floor"] == 4.0


def test_write_readme_table_replaces_only_its_block(tmp_path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# title\n\n{README_START}\n| old |\n{README_END}\n\n## next\n")
    result = _result("S", _steps(seed=1, full_run=2, full_test=1, reference_sql=0.5))
    write_readme_table([result], readme)
    text = readme.read_text()
    assert "| old |" not in text
    assert text.startswith(f"# title\n\n{README_START}\n| tier |")
    assert text.endswith(
        f"| S | 1,000 | 4.0 s | 8.0x | 4.0x | - | 0.1 GB | 0.5 s | - | - | - |\n{README_END}\n\n"
        "## next\n"
    )


def test_a_readme_without_the_block_is_an_error(tmp_path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# title\n")
    with pytest.raises(RuntimeError, match="benchmark table"):
        write_readme_table([], readme)
    assert readme.read_text() == "# title\n"


def test_the_readme_table_is_the_committed_results() -> None:
    """README.md's benchmark table is written from bench/results by
    `make bench-chart`: a result committed without it fails here."""
    results = load_results(ROOT / "bench/results")
    text = (ROOT / "README.md").read_text()
    block = text[text.index(README_START) + len(README_START) : text.index(README_END)]
    assert block.strip() == readme_table(results)


def test_the_incremental_days_parts_add_up_as_shown() -> None:
    """19.6 s run + 38.8 s test = 58.4 s: shown as 58 s (20 + 38), not
    (20 + 39), which would add up to 59."""
    steps = _steps(seed=1, full_run=2, full_test=1, incremental_run=19.6, incremental_test=38.8)
    assert _row(readme_table([_result("S", steps)]), "S")[5] == "58 s (20 + 38)"


def test_a_day_built_in_one_dbt_build_is_shown_whole() -> None:
    """Since D113 the day is one `dbt build` (12.4 s): its summary keeps the
    tenth, the README shows it as 12 s (whole seconds from 10 s on) without
    a run/test split; the full build is still seed + run + test (4 s)."""
    steps = _steps(seed=1, full_run=2, full_test=1, incremental_build=12.4)
    result = _result("S", steps)
    assert result["summary"]["incremental_build_s"] == 12.4
    assert "incremental_run_s" not in result["summary"]
    assert result["summary"]["full_build_s"] == 4
    assert _row(readme_table([result]), "S")[5] == "12 s"
    # the full table: the day, and no share of the run (not measured apart)
    assert _row(table([result]), "S")[5:7] == ["12 s", "-"]
