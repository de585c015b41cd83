"""One dbt process for the var checks: it parses the project once, then
compiles a selection with each set of vars it is sent.

A var check only needs dbt to refuse a var while it compiles the models
that read it; a `dbt compile` process per check spent ~15 s parsing the
project first, for some twenty checks. dbt's programmatic runner takes the
parsed manifest and compiles with new vars without parsing again (vars are
read when a node is compiled). Used by conftest.refused_vars.

    python dbt_compile_server.py PROJECT_DIR TARGET_PATH

Requests, one JSON object per line on stdin: {"select": "...", "vars": {}}.
Answers, one JSON object per line on stdout: {"success": bool, "output":
the error text}. dbt's own log goes to stderr.
"""

from __future__ import annotations

import json
import os
import sys

from dbt.cli.main import dbtRunner

# the build_all_adapters var of the CI build, so that the adapters' models
# (enabled at parse time) are there to compile
PARSE_VARS = {"build_all_adapters": True}


def _output(result) -> str:
    """The error text of a dbt invocation: its exception, or the messages
    of the nodes that failed."""
    texts = [str(result.exception)] if result.exception else []
    for node in getattr(result.result, "results", None) or []:
        if str(node.status) in ("error", "fail"):
            texts.append(str(node.message))
    return "\n".join(texts)


def main() -> None:
    project_dir, target_path = sys.argv[1], sys.argv[2]
    # answers on the real stdout; everything dbt prints goes to stderr
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    common = [
        *("--project-dir", project_dir, "--profiles-dir", project_dir),
        *("--target", "lint", "--target-path", target_path),
    ]
    parsed = dbtRunner().invoke(["parse", *common, "--vars", json.dumps(PARSE_VARS)])
    answers.write(json.dumps({"success": parsed.success, "output": _output(parsed)}) + "\n")
    answers.flush()
    if not parsed.success:
        return
    for line in sys.stdin:
        request = json.loads(line)
        result = dbtRunner(manifest=parsed.result).invoke(
            [
                "compile",
                *common,
                *("--select", request["select"]),
                *("--vars", json.dumps(request["vars"])),
            ]
        )
        answers.write(json.dumps({"success": result.success, "output": _output(result)}) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
