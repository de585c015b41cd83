"""The benchmark's model profiles (kpi_devtools.profile_models), without dbt."""

from __future__ import annotations

import duckdb

from kpi_devtools.profile_models import dbt_log_text, duckdb_settings, explain, slowest_models

# three invocations as dbt's log file holds them (colours included): a full
# run, a test, then an incremental run whose times must not count
LOG = """\x1b[0m07:56:25 [info ] [MainThread]: Running with dbt=1.11.16
\x1b[0m07:56:25 [debug] [MainThread]: running dbt with arguments {'invocation_command': 'dbt run --full-refresh --vars {}'}
\x1b[0m07:56:42 [info ] [Thread-4 (]: 4 of 101 OK created sql table model staging.base_pos__stores ..... [\x1b[32mOK\x1b[0m in 2.13s]
\x1b[0m07:56:50 [info ] [Thread-1 (]: 9 of 101 OK created sql incremental model staging.base_web_analytics__sessions [\x1b[32mOK\x1b[0m in 120.50s]
\x1b[0m07:56:51 [info ] [Thread-2 (]: 7 of 101 OK created sql table model marts.kpi_churn_rate .... [\x1b[32mOK\x1b[0m in 15.00s]
\x1b[0m07:56:56 [info ] [MainThread]: Running with dbt=1.11.16
\x1b[0m07:56:56 [debug] [MainThread]: running dbt with arguments {'invocation_command': 'dbt test --vars {}'}
\x1b[0m07:57:33 [info ] [MainThread]: Running with dbt=1.11.16
\x1b[0m07:57:33 [debug] [MainThread]: running dbt with arguments {'invocation_command': 'dbt run --vars {}'}
\x1b[0m07:57:40 [info ] [Thread-1 (]: 9 of 101 OK created sql incremental model staging.base_web_analytics__sessions [\x1b[32mOK\x1b[0m in 999.00s]
"""


def test_the_slowest_models_of_the_last_full_run_longest_first() -> None:
    assert slowest_models(LOG, 2) == [
        ("base_web_analytics__sessions", 120.5),
        ("kpi_churn_rate", 15.0),
    ]
    assert [model for model, _ in slowest_models(LOG, 10)] == [
        "base_web_analytics__sessions",
        "kpi_churn_rate",
        "base_pos__stores",
    ]


def test_a_log_without_a_full_run_names_no_model() -> None:
    incremental_only = LOG[LOG.index("\x1b[0m07:57:33") :]
    assert slowest_models(incremental_only, 3) == []


def test_a_full_run_in_a_rotated_log_file_is_found(tmp_path) -> None:
    """dbt rotates its log at 10 MB: the benchmark's full run was in
    dbt.log.1 and the test and incremental run in dbt.log (seen at M)."""
    split = LOG.index("\x1b[0m07:56:56")
    (tmp_path / "dbt.log.2").write_text("older invocations\n")
    (tmp_path / "dbt.log.1").write_text(LOG[:split])
    (tmp_path / "dbt.log").write_text(LOG[split:])
    text = dbt_log_text(tmp_path)
    assert text.startswith("older invocations\n")
    assert text.endswith(LOG)
    assert slowest_models(text, 1) == [("base_web_analytics__sessions", 120.5)]


def test_the_plan_has_the_operators_and_the_scratch_table_is_dropped() -> None:
    con = duckdb.connect()
    con.execute("create table t as select range as n from range(1000)")
    plan, seconds = explain(con, "m", "select n % 7 as k, count(*) as c from t group by 1")
    assert "HASH_GROUP_BY" in plan and "CREATE_TABLE_AS" in plan
    # the query's echo is left out: the compiled SQL is in dbt's target
    assert "count(*)" not in plan
    assert seconds >= 0
    assert con.execute(
        "select count(*) from information_schema.tables where table_schema = 'profile_scratch'"
    ).fetchone() == (0,)
    assert con.execute("select count(*) from t").fetchone() == (1000,)


def test_the_duckdb_settings_are_the_profiles_with_their_env_vars(tmp_path) -> None:
    profiles = tmp_path / "profiles.yml"
    profiles.write_text(
        "ecommerce_kpis:\n"
        "  outputs:\n"
        "    dev:\n"
        "      type: duckdb\n"
        "      config_options:\n"
        "        temp_directory: \"{{ env_var('TMP_DIR', 'build/tmp') }}\"\n"
        "      settings:\n"
        "        threads: \"{{ env_var('THREADS', '2') }}\"\n"
        "        preserve_insertion_order: 'false'\n"
    )
    settings = duckdb_settings({"THREADS": "1"}, profiles)
    # the env var set wins, the one unset takes its default
    assert settings == {
        "temp_directory": "build/tmp",
        "threads": "1",
        "preserve_insertion_order": "false",
    }
    # DuckDB takes them as they are
    with duckdb.connect(config={**settings, "temp_directory": str(tmp_path)}) as con:
        assert con.execute("select current_setting('threads')").fetchone() == (1,)
