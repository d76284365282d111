# Jixiao — the two commands a fresh machine needs are `make run` and `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run test bench dev report clean browser

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "needs $(PYTHON) on PATH"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# headless Chromium for the report's browser test (Debian packages; skipped when present)
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "chromium missing: sudo apt-get install chromium fonts-noto-cjk"; fi; }

run: setup
	$(BIN)/jixiao load --raw data/raw --warehouse data/marts/warehouse.duckdb

test: setup browser
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python -m benchmarks.run

# Dagster UI + daemon on http://127.0.0.1:3000, code location `jixiao`, history in .dagster_home (SQLite).
# The raw-folder sensor's first look asks for one refresh run (tagged jixiao/trigger with why).
dev: setup
	mkdir -p .dagster_home && cp dagster.yaml .dagster_home/dagster.yaml
	cd .dagster_home && DAGSTER_HOME=$(CURDIR)/.dagster_home PYTHONWARNINGS=ignore:Function:FutureWarning \
	  $(CURDIR)/$(BIN)/dagster dev \
	  -w $(CURDIR)/deploy/workspace.yaml -h 127.0.0.1 -p $${DAGSTER_PORT:-3000}

report: setup
	$(BIN)/jixiao report --out data/marts/report

clean:
	rm -rf $(VENV) data/cache data/marts/*.duckdb .dagster_home
