# Jixiao — the two commands a fresh machine needs are `make run` and `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
UV_VERSION := $(shell sed -n '/^name = "uv"$$/{n;s/^version = "\(.*\)"/\1/p;}' uv.lock)
UV     := UV_PROJECT_ENVIRONMENT=$(VENV) UV_PYTHON=$(BIN)/python $(BIN)/uv

.PHONY: setup lock run test bench dev cluster report clean browser redis postgres services duckdb11

# The exact versions of uv.lock (the ones the tests passed with), installed by uv into $(VENV): the project
# itself editable, with the dev extra. After changing dependencies in pyproject.toml: `make lock`.
$(STAMP): pyproject.toml setup.py uv.lock
	@command -v $(PYTHON) >/dev/null || { echo "needs $(PYTHON) on PATH"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/uv || $(BIN)/python -m pip install -q uv==$(UV_VERSION)
	$(UV) sync --frozen --extra dev
	touch $(STAMP)

setup: $(STAMP)

# re-resolve uv.lock from pyproject.toml (keeping every locked version that still fits), then install it
lock:
	test -x $(BIN)/uv || { test -x $(BIN)/python || $(PYTHON) -m venv $(VENV); $(BIN)/python -m pip install -q uv==$(UV_VERSION); }
	$(UV) lock
	$(MAKE) setup

# headless Chromium for the report's browser test (Debian packages; skipped when present)
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "chromium missing: sudo apt-get install chromium fonts-noto-cjk"; fi; }

# Redis (Celery broker: `make cluster`, tests/test_scale_celery.py) and PostgreSQL (the service's Dagster
# storage: deploy/, tests/test_service_postgres.py) from Debian packages; skipped when present
redis:
	@command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ] || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	  else echo "redis-server missing: sudo apt-get install redis-server"; fi; }

postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	  else echo "postgresql missing: sudo apt-get install postgresql"; fi; }

services: redis postgres

# a DuckDB 1.1.3 client in its own venv: tests/test_warehouse_clients.py reads the warehouse with it
# (the test makes it itself when missing; this target only prepares it ahead)
duckdb11:
	test -x .venv-duckdb11/bin/python || $(PYTHON) -m venv .venv-duckdb11
	.venv-duckdb11/bin/pip install -q duckdb==1.1.3 pytz

run: setup
	$(BIN)/jixiao load --raw data/raw --warehouse data/marts/warehouse.duckdb

test: setup browser services
	$(BIN)/python -m pytest -q

bench: setup redis
	$(BIN)/python -m benchmarks.run

# Dagster UI + daemon on http://127.0.0.1:3000, code location `jixiao`, history in .dagster_home (SQLite).
# The raw-folder sensor's first look asks for one refresh run (tagged jixiao/trigger with why).
dev: setup
	mkdir -p .dagster_home && cp dagster.yaml .dagster_home/dagster.yaml
	cd .dagster_home && DAGSTER_HOME=$(CURDIR)/.dagster_home PYTHONWARNINGS=ignore:Function:FutureWarning \
	  $(CURDIR)/$(BIN)/dagster dev \
	  -w $(CURDIR)/deploy/workspace.yaml -h 127.0.0.1 -p $${DAGSTER_PORT:-3000}

# Local scale-out: Redis + N Celery workers (N=$(WORKERS)), the UI and daemon on http://127.0.0.1:3000; a
# backfill of every raw file is submitted at start and runs across the workers (docs/scale.md). Ctrl-C stops all.
WORKERS ?= 2
cluster: setup redis
	PYTHONWARNINGS=ignore:Function:FutureWarning $(BIN)/python -m pipelines.defs.cluster serve --workers $(WORKERS)

report: setup
	$(BIN)/jixiao report --out data/marts/report

clean:
	rm -rf $(VENV) .venv-duckdb11 data/cache data/marts/*.duckdb .dagster_home
