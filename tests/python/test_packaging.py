"""`pip install .` (not editable) gives a working ``ecommerce-kpis`` with its real dependencies.

The wheel is built from a copy of what the build reads (the packages, the
pyproject and its data files: the build leaves nothing in the repository),
installed into a fresh venv with pip resolving the declared dependencies from
the index (pip's cache makes a second run fast; no bytecode compilation, which
would double the time), and the installed command runs from a temporary
folder: nothing can resolve from the source tree.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from ecommerce_kpis.schema import RAW_TABLES, columns

pytestmark = pytest.mark.packaging

SAMPLE = ROOT / "tests" / "data" / "online_retail_sample.parquet"


def _run(command: list[str | Path], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _setuptools() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str], float]:
    """(wheel, venv bin folder, environment, seconds to build and install)."""
    started = time.perf_counter()
    tmp = tmp_path_factory.mktemp("packaging")
    source = tmp / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in ("ecommerce_kpis", "kpi_devtools"):  # kpi_devtools: must stay out
        shutil.copytree(ROOT / package, source / package, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", source)
    for patterns in _setuptools().get("data-files", {}).values():
        for pattern in patterns:
            for path in ROOT.glob(pattern):
                (source / path.relative_to(ROOT)).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, source / path.relative_to(ROOT))
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")
    }
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    wheels = tmp / "wheels"
    _run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", wheels, source],
        tmp,
        env,
    )
    (wheel,) = wheels.glob("ecommerce_kpis-*.whl")
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], tmp, env)
    pip = [sys.executable, "-m", "pip", "--python", venv / "bin" / "python"]
    _run([*pip, "install", "-q", "--no-compile", wheel], tmp, env)
    return wheel, venv / "bin", env, time.perf_counter() - started


def test_the_wheel_holds_the_runtime_package_only(installed) -> None:
    wheel, _, _, _ = installed
    names = zipfile.ZipFile(wheel).namelist()
    assert "ecommerce_kpis/cli.py" in names
    assert "ecommerce_kpis/demo/generate.py" in names
    sql = ROOT / "ecommerce_kpis" / "adapters" / "online_retail" / "sql"
    for path in sql.glob("*.sql"):
        assert f"ecommerce_kpis/adapters/online_retail/sql/{path.name}" in names
    # the dashboard's page template, script and style
    for path in (ROOT / "ecommerce_kpis" / "dashboard" / "static").iterdir():
        assert f"ecommerce_kpis/dashboard/static/{path.name}" in names
    specs = {n.rsplit("/", 1)[-1] for n in names if "/data/share/ecommerce_kpis/raw_spec/" in n}
    assert specs == {f"raw_{table}.yml" for table in RAW_TABLES}
    assert not [n for n in names if n.startswith(("kpi_devtools", "tests/"))]
    # the data files pyproject declares (the raw-table specs) are in the wheel
    data = f"{wheel.name.split('-py3')[0]}.data/data"
    for target, patterns in _setuptools().get("data-files", {}).items():
        for pattern in patterns:
            files = sorted(ROOT.glob(pattern))
            assert files, pattern
            for path in files:
                assert f"{data}/{target}/{path.name}" in names


def test_the_declared_dependencies_are_installed(installed) -> None:
    _, bin_dir, env, _ = installed
    pip = [sys.executable, "-m", "pip", "--python", bin_dir / "python"]
    out = _run([*pip, "list", "--format", "json"], bin_dir, env)
    packages = {p["name"].lower() for p in json.loads(out)}
    assert {"duckdb", "numpy", "pandas", "pyarrow", "psycopg", "pyyaml"} <= packages
    assert "dbt-core" not in packages  # the package does not run dbt


def test_the_command_runs_from_the_installed_wheel(installed, tmp_path: Path) -> None:
    _, bin_dir, env, seconds = installed
    where = _run(
        [bin_dir / "python", "-c", "import ecommerce_kpis; print(ecommerce_kpis.__file__)"],
        tmp_path,
        env,
    )
    assert Path(where.strip()).is_relative_to(bin_dir.parent), where
    assert "usage: ecommerce-kpis" in _run([bin_dir / "ecommerce-kpis", "--help"], tmp_path, env)
    for command in ("generate", "publish", "publish-postgres", "dashboard", "powerbi", "tier"):
        _run([bin_dir / "ecommerce-kpis", command, "--help"], tmp_path, env)

    # generate: every raw table with its columns
    _run(
        [
            bin_dir / "ecommerce-kpis",
            "generate",
            "--out",
            "raw",
            "--scale",
            "0.05",
            "--months",
            "2",
        ],
        tmp_path,
        env,
    )
    for table in RAW_TABLES:
        with (tmp_path / "raw" / f"raw_{table}.csv").open() as handle:
            assert next(csv.reader(handle)) == columns(table), table

    # the Online Retail adapter reads its SQL from the installed package data
    report = json.loads(
        _run(
            [bin_dir / "ecommerce-kpis", "adapt-online-retail", SAMPLE, "uci"],
            tmp_path,
            env,
        )
    )
    assert report["accounted_lines"] == report["source_lines"] > 0
    assert report["tables_written"]["order_lines"] > 0
    assert (tmp_path / "uci" / "order_lines.parquet").is_file()
    print(f"wheel built and installed into a fresh venv in {seconds:.1f} s")
