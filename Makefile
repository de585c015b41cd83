# Two commands for a newcomer:  make build   and   make test
# Everything installs into a project-local .venv from the lock files
# requirements.txt and requirements-spark.txt, compiled by `make lock` from the
# hand-edited top-level pins in requirements.in and requirements-spark.in.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

DEV_DB ?= build/ecommerce_kpis.duckdb
CI_DB ?= build/ecommerce_kpis_ci.duckdb

export DBT_PROFILES_DIR := $(CURDIR)
export DBT_PROJECT_DIR := $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DO_NOT_TRACK := 1
export KPI_DUCKDB_PATH ?= $(DEV_DB)
export KPI_CI_DUCKDB_PATH ?= $(CI_DB)

# One id per make invocation. dbt records it in its artifacts (variables named
# DBT_ENV_CUSTOM_ENV_*); pytest takes a build over only if it carries the id
# of this very make run, else it builds its own (tests/python/conftest.py):
# tests never read a database left over from an earlier run.
RUN_ID := $(shell date -u +%Y%m%dT%H%M%S)-$(shell od -An -N4 -tx4 /dev/urandom | tr -d ' ')
STAMPED := DBT_ENV_CUSTOM_ENV_KPI_RUN_ID=$(RUN_ID)
CI_TARGET ?= target/ci
CI_DOCS ?= target/docs
# named as the CI database (its catalog name), in a folder of its own
CHECK_DB ?= build/check/ecommerce_kpis_ci.duckdb
CHECK_TARGET ?= target/check
# the CI builds also build the source adapters' models (empty) for their tests
CI_VARS := --vars '{build_all_adapters: true}'
# the demo's tables are small: one dbt and one DuckDB thread use the least CPU
# (D94; the profile's 4 and 2 are for real data); the same as the tests'
# builds (tests/python/conftest.py), which take over this build's parse only
# when the settings agree
DEMO_THREADS := KPI_THREADS=$${KPI_THREADS:-1} KPI_DUCKDB_THREADS=$${KPI_DUCKDB_THREADS:-1}

.PHONY: help install install-spark lock hooks conventions build build-spark check test test-spark lint format dbt-ci pg-install browser-install system-packages publish-postgres powerbi pytest seeds docs bench bench-chart clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

install: $(VENV)/.installed  ## create .venv and install the locked dependencies (requirements.txt)

# uv, at the version the lock pins, installs the lock (the same pins pip would
# install, in seconds instead of minutes: D72). It also writes the bytecode
# once: with PYTHONDONTWRITEBYTECODE set (as on CI images) Python would
# otherwise compile every import again in each dbt process, about 2.7 s a run (D104)
UV_INSTALL := $(BIN)/uv pip install --quiet --compile-bytecode
UV_ENV := --python $(BIN)/python

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q "$$(grep '^uv==' requirements.txt)"
	$(UV_INSTALL) $(UV_ENV) -r requirements.txt
	$(UV_INSTALL) $(UV_ENV) --no-deps -e .
	$(BIN)/uv pip check $(UV_ENV)
	touch $@

install-spark: $(VENV)/.installed-spark  ## add the optional Spark target's dependencies (needs Java 17+)

$(VENV)/.installed-spark: $(VENV)/.installed requirements-spark.txt
	@java -version 2>&1 | head -1 || { echo "Spark needs Java 17 or 21: install a JDK (e.g. apt install openjdk-17-jre-headless)"; exit 1; }
	@# no cache: pyspark is an sdist that uv downloads and builds again on each
	@# new revision from the index, keeping every build (1.4 GB each) in its cache
	$(UV_INSTALL) $(UV_ENV) --no-cache -r requirements-spark.txt
	touch $@

# pip-compile keeps every pin of the lock that the .in still allows; add
# LOCK_ARGS=--upgrade (or --upgrade-package NAME) to move pins
LOCK_ARGS ?=
lock: install  ## recompile the lock files from requirements.in and requirements-spark.in
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --no-emit-find-links \
		--no-emit-index-url --strip-extras $(LOCK_ARGS) -o requirements.txt requirements.in
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --no-emit-find-links \
		--no-emit-index-url --strip-extras $(LOCK_ARGS) -o requirements-spark.txt requirements-spark.in

hooks: install  ## install the git pre-commit hooks (.pre-commit-config.yaml; tools from .venv)
	$(BIN)/pre-commit install

PUBLISHED ?= build/published

build: install  ## dbt build on the embedded DuckDB, then publish the marts for BI, write the dashboard and deliver new alerts if all passed
	@# no unit tests: they pin the code, CI runs them (D110); the log file at
	@# info, not debug (D116); PRODUCTION_BUILD_FLAGS in watch.py
	$(BIN)/dbt build --target dev --exclude-resource-type unit_test --log-level-file info
	$(BIN)/ecommerce-kpis publish --database $(KPI_DUCKDB_PATH) --out $(PUBLISHED)
	$(BIN)/ecommerce-kpis dashboard --published $(PUBLISHED)
	@# new KPI alerts to $(PUBLISHED)/alerts/new_alerts.jsonl and, when
	@# KPI_ALERT_WEBHOOK_URL is set, to that webhook (a failed post does not fail)
	$(BIN)/ecommerce-kpis alerts --published $(PUBLISHED)
	@if [ -n "$${KPI_PG_DSN:-}$${PGHOST:-}" ]; then \
		$(BIN)/ecommerce-kpis publish-postgres --database $(KPI_DUCKDB_PATH); \
	else echo "PostgreSQL serving skipped: set KPI_PG_DSN (or PGHOST) to publish there too"; fi
	@echo "Working DuckDB database: $(abspath $(KPI_DUCKDB_PATH))"
	@echo "For Power BI: $(abspath $(PUBLISHED))/ecommerce_kpis.duckdb (read-only) and $(abspath $(PUBLISHED))/parquet/"
	@echo "Dashboard: $(abspath $(PUBLISHED))/dashboard/index.html (open it in a browser)"

check: install  ## the fast loop (<= 5 min): lint of changed files, dbt build of the demo, unit-level tests
	BIN=$(BIN) .ci/lint-changed
	rm -rf $(CHECK_DB) $(CHECK_DB).wal $(CHECK_TARGET)
	mkdir -p $(dir $(CHECK_DB))
	KPI_CI_DUCKDB_PATH=$(CHECK_DB) $(STAMPED) $(DEMO_THREADS) $(BIN)/dbt build --target ci --target-path $(CHECK_TARGET) $(CI_VARS)
	KPI_CI_DUCKDB_PATH=$(CHECK_DB) KPI_CI_RUN_ID=$(RUN_ID) KPI_CI_TARGET=$(CHECK_TARGET) \
		$(BIN)/pytest -m "not slow and not spark and not packaging"

test: install  ## the whole suite: ruff, sqlfluff, dbt build on a throw-away target, conventions, pytest with Spark parity
	@# lint (sqlfluff: two processes) beside the CI build and docs (dbt: about
	@# one core), the Spark install and the Debian packages (mostly
	@# downloads), each target's output kept together; the same run id
	$(MAKE) --no-print-directory -j4 --output-sync=target RUN_ID=$(RUN_ID) lint dbt-ci install-spark system-packages
	$(MAKE) --no-print-directory RUN_ID=$(RUN_ID) conventions
	@# three workers on two cores: a dbt process uses about one core, so two
	@# DuckDB streams and the Spark module (conftest puts it first) keep both busy
	$(PYTEST_ENV) $(BIN)/pytest -n 3 --dist loadfile --no-loadscope-reorder

lint: install  ## ruff and sqlfluff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint models tests analyses macros
	# the benchmark's and the Online Retail adapter's hand-written SQL: plain SQL with {placeholders}, linted
	# with its own .sqlfluff (python templater), which must be the cwd's
	cd kpi_devtools/references/sql && $(abspath $(BIN))/sqlfluff lint .
	cd ecommerce_kpis/adapters/online_retail/sql && $(abspath $(BIN))/sqlfluff lint .

format: install  ## apply ruff format and sqlfluff fix
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/sqlfluff fix models tests analyses
	cd kpi_devtools/references/sql && $(abspath $(BIN))/sqlfluff fix .
	cd ecommerce_kpis/adapters/online_retail/sql && $(abspath $(BIN))/sqlfluff fix .

dbt-ci: install  ## dbt build and docs on a fresh CI database, stamped with this run's id (pytest reads it)
	rm -rf $(KPI_CI_DUCKDB_PATH) $(KPI_CI_DUCKDB_PATH).wal $(CI_TARGET) $(CI_DOCS)
	$(STAMPED) $(DEMO_THREADS) $(BIN)/dbt build --target ci --target-path $(CI_TARGET) $(CI_VARS)
	@# the docs of that very build: its manifest (and parse, so that dbt does
	@# not parse again) plus the catalog of its database; the build compiled
	@# every node already
	mkdir -p $(CI_DOCS) && cp $(CI_TARGET)/manifest.json $(CI_TARGET)/partial_parse.msgpack $(CI_DOCS)/
	@# with the build's profile (threads too): another profile means a new parse
	$(STAMPED) $(DEMO_THREADS) $(BIN)/dbt docs generate --no-compile --target ci --target-path $(CI_DOCS) $(CI_VARS)

conventions: install  ## dbt-bouncer's checks (dbt-bouncer.yml) on the artifacts of the last make dbt-ci
	@test -f $(CI_DOCS)/manifest.json -a -f $(CI_DOCS)/catalog.json \
		|| { echo "no $(CI_DOCS)/manifest.json and catalog.json: run make dbt-ci first"; exit 1; }
	@# dbt-bouncer.yml reads target/docs; a copy beside the artifacts reads $(CI_DOCS)
	sed 's|^dbt_artifacts_dir: .*|dbt_artifacts_dir: $(abspath $(CI_DOCS))|' dbt-bouncer.yml > $(CI_DOCS)/dbt-bouncer.yml
	$(BIN)/dbt-bouncer run --config-file $(CI_DOCS)/dbt-bouncer.yml

pg-install: install  ## Debian's postgresql server for the serving tests (installed as root if missing)
	$(BIN)/python -m kpi_devtools.pgserver install

# one after the other: apt-get takes a lock
system-packages: install
	$(MAKE) --no-print-directory pg-install browser-install

browser-install: install  ## Debian's chromium for the dashboard's browser test (installed as root if missing)
	$(BIN)/python -m kpi_devtools.browser install

publish-postgres: install  ## publish the dev build's marts to PostgreSQL (KPI_PG_DSN or PG* env vars)
	$(BIN)/ecommerce-kpis publish-postgres --database $(KPI_DUCKDB_PATH)

powerbi: install  ## regenerate the Power BI project powerbi/ from the dev build (commit it)
	$(BIN)/dbt docs generate --target dev --target-path target/powerbi
	$(BIN)/ecommerce-kpis powerbi --target target/powerbi --out powerbi
	$(BIN)/python -m kpi_devtools.tmdl_check powerbi/EcommerceKPIs.SemanticModel/definition --database $(PUBLISHED)/ecommerce_kpis.duckdb

# pytest takes over the dbt-ci build of the same make invocation (else it builds its own)
PYTEST_ENV = KPI_CI_RUN_ID=$(RUN_ID) KPI_CI_TARGET=$(CI_TARGET) KPI_CI_DOCS=$(CI_DOCS)

pytest: install  ## Python tests, Spark apart, on both cores (one worker per test module)
	$(PYTEST_ENV) $(BIN)/pytest -n 2 --dist loadfile --no-loadscope-reorder -m "not spark"

export KPI_SPARK_DIR ?= build/spark

build-spark: install-spark  ## dbt build on a local Spark (in-process, the `spark` target) into build/spark
	rm -rf $(KPI_SPARK_DIR)
	$(BIN)/dbt build --target spark

test-spark: install-spark  ## Spark parity: dbt build on local Spark, every table equal to the DuckDB CI build
	$(PYTEST_ENV) $(BIN)/pytest -m spark

seeds: install  ## regenerate the committed demo seeds (deterministic)
	$(BIN)/ecommerce-kpis generate --out seeds/raw

docs: install  ## generate and serve the dbt docs
	$(BIN)/dbt docs generate --target dev
	$(BIN)/dbt docs serve --target dev

TIER ?= S
bench: install  ## benchmark a data tier (TIER=S|M|L): dbt full + incremental vs DuckDB SQL, pandas and Polars
	$(BIN)/python -m kpi_devtools.bench --tier $(TIER)

bench-chart: install  ## README.md's benchmark table and docs/benchmark.svg from every tier in bench/results
	$(BIN)/python -m kpi_devtools.bench --chart

clean:  ## remove build output and landed CSV copies (keeps .venv)
	rm -rf target logs build/*.duckdb build/*.duckdb.wal build/published build/landing build/check build/bench
