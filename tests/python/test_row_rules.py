"""The generic test row_rules (D115) on rows made for each rule's edges.

A throw-away dbt project holds the project's own test and macro files, one
model of hand-written rows and row_rules tests over it; each test's
compiled query is then run on the built table and its failing rows compared
with the ones worked out by hand below. Rules in a shape the test does not
know must stop the parse with an error naming the model."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT, run_dbt

# id, a, channel, x, num, den, ratio, pct
ROWS = [
    (1, 1, "web", 0.0, 1, 2, 0.5, 50.0),  # sound; x on the lower bound
    (2, None, None, None, 0, 0, None, None),  # a NULL; ratio NULL for a 0 denominator
    (3, 2, "phone", 1.5, 1, 0, 0.0, None),  # channel, range; ratio set for a 0 denominator
    (4, 3, "web", 1.0, 1, 3, 0.3333334, 33.33333),  # x on the upper bound; within 1e-6
    (5, 9, "store", None, 2, 4, 0.6, 50.0),  # a > 5; ratio 0.1 off; a store may lack x
    (6, 4, "web", None, 1, None, None, None),  # web without x; NULL denominator, NULL ratio
    (7, 5, "store", -0.5, 3, 2, 1.5, 150.0),  # below the range; ratio right but above its max
]

ROW_SELECTS = "\nunion all\n".join(
    "select "
    + ", ".join(
        [
            f"{row[0]} as id",
            f"cast({'null' if row[1] is None else row[1]} as integer) as a",
            f"cast({'null' if row[2] is None else repr(row[2])} as varchar) as channel",
            f"cast({'null' if row[3] is None else row[3]} as double) as x",
            f"cast({row[4]} as integer) as num",
            f"cast({'null' if row[5] is None else row[5]} as integer) as den",
            f"cast({'null' if row[6] is None else row[6]} as double) as ratio",
            f"cast({'null' if row[7] is None else row[7]} as double) as pct",
        ]
    )
    for row in ROWS
)
# two ratios worked out from the rows: `big` 5e-7 (relative) off num * 10^6
# / den, so up to 0.75 off in absolute terms; `one` = num / num, on the
# upper bound 1
MODEL = f"""
select
    *,
    case when den != 0 then num * 1000000.0 / den * (1 + 5e-7) end as big,
    case when num != 0 then 1.0 end as one
from (
{ROW_SELECTS}
) as rows_
"""

TESTS = """
version: 2
models:
  - name: checked
    data_tests:
      - row_rules:
          name: every_kind
          arguments:
            not_null: [id, a]
            accepted_values:
              channel: [web, store]
            ranges:
              x: {min_value: 0, max_value: 1}
            expressions:
              - "a <= 5"
              - {expression: "x is not null", where: "channel = 'web'"}
            ratios:
              ratio: {numerator: num, denominator: den, min_value: 0, max_value: 1}
      - row_rules:
          name: exclusive_range_and_scale
          arguments:
            ranges:
              x: {min_value: 0, max_value: 1, inclusive: false}
            ratios:
              pct: {numerator: num, denominator: den, scale: 100, tolerance: 0.001}
      - row_rules:
          name: quotes_in_values_and_expressions
          arguments:
            accepted_values:
              channel: ["web", "store", "phone's"]
            expressions:
              - "coalesce(channel, '') != 'phone'"
      - row_rules:
          name: holds_on_every_row
          arguments:
            not_null: [id, num]
            ranges:
              num: {min_value: 0}
            ratios:
              big: {numerator: "num * 1000000", denominator: den}
              one: {numerator: num, denominator: num, min_value: 0, max_value: 1}
      - row_rules:
          name: warned_where
          arguments:
            not_null: [x]
          config:
            severity: warn
            where: "channel = 'store'"
"""

# hand-counted from ROWS: (rule_kind, rule_subject, broken_rows)
EXPECTED = {
    "every_kind": [
        ("not_null", "a", 1),  # row 2
        ("accepted_values", "channel", 1),  # row 3 (row 2's NULL passes)
        ("range", "x", 2),  # rows 3 and 7; 0 and 1 are in
        ("expression", "a <= 5", 2),  # row 5 false, row 2 NULL
        ("expression", "x is not null", 1),  # row 6 (row 5 is a store)
        # row 3 (not NULL over a 0 denominator), row 5 (0.1 off), row 7
        # (above max); row 4 within the tolerance, rows 2 and 6 NULL as due
        ("ratio", "ratio", 3),
    ],
    "exclusive_range_and_scale": [
        ("range", "x", 4),  # rows 1 (0), 3, 4 (1), 7
        # row 5: 100 * 2 / 4 = 50 as stored; row 4: 33.33333 against
        # 33.333333, within 0.001; no row breaks pct
    ],
    "quotes_in_values_and_expressions": [
        ("accepted_values", "channel", 1),  # row 3: phone is not phone's
        ("expression", "coalesce(channel, '') != 'phone'", 1),  # row 3
    ],
    # the relative tolerance (1e-6 of 500,000 and more) and an inclusive
    # ratio bound: nothing breaks
    "holds_on_every_row": [],
    # only the stores' rows: row 5 (row 7 has its x; rows 2 and 6 are no store)
    "warned_where": [("not_null", "x", 1)],
}
STATUSES = {name: "fail" if rows else "pass" for name, rows in EXPECTED.items()} | {
    "warned_where": "warn"
}


def _project(folder: Path, tests_yaml: str) -> Path:
    """A dbt project with the row_rules files of this project (the test,
    macros/testing, the sql_string they use) and `tests_yaml`."""
    (folder / "models").mkdir(parents=True)
    (folder / "tests" / "generic").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "generic" / "row_rules.sql", folder / "tests" / "generic")
    shutil.copytree(ROOT / "macros" / "testing", folder / "macros")
    shutil.copy(ROOT / "macros" / "portability" / "sql_string.sql", folder / "macros")
    (folder / "models" / "checked.sql").write_text(MODEL + "\n")
    (folder / "models" / "checked.yml").write_text(textwrap.dedent(tests_yaml))
    (folder / "dbt_project.yml").write_text(
        "name: row_rules_check\nversion: '1.0.0'\nconfig-version: 2\nprofile: row_rules_check\n"
        "models:\n  row_rules_check:\n    +materialized: table\n"
    )
    (folder / "profiles.yml").write_text(
        "row_rules_check:\n  target: dev\n  outputs:\n    dev:\n"
        f"      type: duckdb\n      path: '{folder / 'checked.duckdb'}'\n      threads: 1\n"
    )
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = _project(tmp_path_factory.mktemp("row_rules"), TESTS)
    run = run_dbt(["build"], project_dir=folder, target_path=folder / "target")
    # a named generic test's unique id: test.<project>.<name>.<hash>
    statuses = {result["unique_id"].split(".")[2]: result["status"] for result in run.results}
    assert {name: statuses.get(name) for name in EXPECTED} == STATUSES, run.output[-3000:]
    return folder


@pytest.mark.parametrize("test_name", sorted(EXPECTED))
def test_each_broken_rule_is_one_row_with_its_count(built: Path, test_name: str) -> None:
    compiled = next((built / "target" / "compiled").rglob(f"{test_name}.sql"))
    with duckdb.connect(str(built / "checked.duckdb"), read_only=True) as con:
        rows = con.execute(compiled.read_text()).fetchall()
    assert sorted(rows) == sorted(EXPECTED[test_name])


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ("not_null: a", "not_null must be a non-empty list"),
        ("ranges: {x: {min_value: 0, maximum: 1}}", "unknown option maximum"),
        ("ranges: {x: {inclusive: false}}", "needs min_value, max_value or both"),
        ("ratios: {ratio: {numerator: num}}", "needs numerator and denominator"),
        ("expressions: []", "expressions must be a non-empty list"),
        ("{}", "no rule given"),
    ],
)
def test_a_rule_in_an_unknown_shape_stops_the_parse(
    tmp_path: Path, arguments: str, message: str
) -> None:
    tests_yaml = f"""
        version: 2
        models:
          - name: checked
            data_tests:
              - row_rules:
                  name: misshapen
                  arguments: {arguments if arguments == "{}" else "{" + arguments + "}"}
        """
    folder = _project(tmp_path, tests_yaml)
    run = run_dbt(["parse"], project_dir=folder, target_path=folder / "target")
    assert not run.success
    assert "row_rules on" in run.output and "checked" in run.output, run.output[-2000:]
    assert message in run.output, run.output[-2000:]
