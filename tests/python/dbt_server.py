"""One dbt process per pytest process: it parses the project once, then runs
every dbt command the tests send it (builds, runs and var checks) with that
parsed manifest.

A `dbt` command line spends ~4 s importing dbt and ~10 s parsing the project
(CPU, on an idle machine; more under load) before it runs anything; the
suite runs some thirty of them on the project itself. dbt's programmatic
runner takes a parsed manifest and skips the parse (decision D76). That is
sound here because the project reads only one thing at parse time that a
test changes: whether the source adapters' models are enabled (dbt_project.yml,
var `source_adapters` or `build_all_adapters`). The manifest is parsed with
`build_all_adapters: true`, as the CI build is, so every test build holds
the adapters' models (empty where no adapter is configured) whatever its
vars; every other var is read when a node is compiled, which happens in
every command. A relation's database is fixed at parse time too (DuckDB names
it after the file's stem), so every database these commands write is named
`ecommerce_kpis_ci.duckdb` (conftest.CI_DATABASE_NAME), in a folder of its own.

    python dbt_server.py PROJECT_DIR WORKDIR [PARSED_DATABASE]

With PARSED_DATABASE, the parse names that database (the path as the CI
build of the same make run named it), so that dbt's partial parsing takes
over that build's saved parse, copied into WORKDIR/target by the caller:
a few seconds instead of a full parse (D94). dbt checks the files, vars
and profile itself and parses whatever differs; `dbt parse` does not
open the database. The manifest then keeps that build's metadata.env
(its run id); no test reads it from the server's builds.

Requests, one JSON object per line on stdin: {"args": [dbt's arguments],
"env": {environment variables for this command}}. Answers, one JSON object
per line on stdout: {"success": bool, "output": what dbt printed}. Between
commands the server closes dbt-duckdb's database, which the adapter keeps
open for the life of a process, so that the tests can open the file.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import traceback

from dbt.adapters.duckdb.connections import DuckDBConnectionManager
from dbt.cli.main import dbtRunner

# the parse-time vars of the CI build (Makefile CI_VARS)
PARSE_VARS = {"build_all_adapters": True}
DATABASE_NAME = "ecommerce_kpis_ci.duckdb"


def _errors(result) -> str:
    """The error text of an invocation: its exception, or the messages of
    the nodes that failed (dbt prints them too; kept for var checks)."""
    texts = [str(result.exception)] if result.exception else []
    for node in getattr(result.result, "results", None) or []:
        if str(node.status) in ("error", "fail"):
            texts.append(str(node.message))
    return "\n".join(texts)


def _close_database() -> None:
    """Release the DuckDB file that dbt-duckdb keeps open between commands."""
    with DuckDBConnectionManager._LOCK:
        environment = DuckDBConnectionManager._ENV
        DuckDBConnectionManager._ENV = None
        if environment is not None:
            environment.close()


def _invoke(runner: dbtRunner, args: list[str], env: dict[str, str]) -> tuple[dict, object]:
    """Run one dbt command with `env` set, what it prints captured: the
    answer to send and dbt's result (the manifest, for a parse)."""
    base = dict(os.environ)
    os.environ.update(env)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with tempfile.TemporaryFile() as printed:
        os.dup2(printed.fileno(), 1)
        os.dup2(printed.fileno(), 2)
        try:
            invoked = runner.invoke(args)
            success, errors, result = invoked.success, _errors(invoked), invoked.result
        except BaseException:
            success, errors, result = False, traceback.format_exc(), None
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for descriptor in saved:
                os.close(descriptor)
            _close_database()
            os.environ.clear()
            os.environ.update(base)
        printed.seek(0)
        output = printed.read().decode("utf-8", errors="replace")
    answer = {"success": success, "output": output + ("\n" + errors if errors else "")}
    return answer, result


def main() -> None:
    project_dir, workdir = sys.argv[1], sys.argv[2]
    parsed_database = sys.argv[3] if len(sys.argv) > 3 else os.path.join(workdir, DATABASE_NAME)
    # answers on the real stdout; everything dbt prints goes to stderr
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    paths = ["--project-dir", project_dir, "--profiles-dir", project_dir]
    parse = [
        *("parse", "--target", "ci", "--target-path", os.path.join(workdir, "target")),
        *("--vars", json.dumps(PARSE_VARS), *paths),
    ]
    parsed, manifest = _invoke(dbtRunner(), parse, {"KPI_CI_DUCKDB_PATH": parsed_database})
    answers.write(json.dumps(parsed) + "\n")
    answers.flush()
    if not parsed["success"]:
        return
    for line in sys.stdin:
        request = json.loads(line)
        answer, _ = _invoke(
            dbtRunner(manifest=manifest), [*request["args"], *paths], request["env"]
        )
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
