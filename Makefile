# pactwatch: `make run` and `make test` set everything up on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SHARED ?= ../shared
N ?= 1000
# bench: the measured runs use the CLI's default Prefect API (shared: the local server runs reuse), a
# temporary one per run (API=temporary), or a persistent `prefect server start` (API=server).
# Not PREFECT_API: make exports command-line variables, and Prefect reads PREFECT_* as settings.
API ?= shared

# The extractor compiled with mypyc (pactwatch/native.py), rebuilt whenever its sources change.
NATIVE := pactwatch/extract/_native/BUILD.json
NATIVE_SOURCES := $(filter-out pactwatch/extract/__init__.py,$(wildcard pactwatch/extract/*.py))

.PHONY: install native run test eval bench lint clean

install: $(VENV)/.installed $(NATIVE)

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --constraint constraints.txt --editable ".[dev,native]"
	touch $@

native: $(NATIVE)

# A failed compile is not fatal: the extractor then runs as plain Python, the same rows, slower.
$(NATIVE): $(VENV)/.installed pactwatch/native.py $(NATIVE_SOURCES)
	$(VENV)/bin/pactwatch native build || \
		echo "warning: the extractor could not be compiled; it runs as plain Python (same output, slower)" >&2

run: install
	$(VENV)/bin/pactwatch run --source seeds --db warehouse.duckdb

test: install
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

# Extraction quality: the pipeline over the seeds and the dev set, scored against their gold.
eval: install
	@tmp=$$(mktemp -d); mkdir -p $$tmp/in; \
	cp $(SHARED)/seeds/*.txt $(SHARED)/eval/dev/*.txt $$tmp/in/ && \
	$(VENV)/bin/pactwatch run --source $$tmp/in --db $$tmp/eval.duckdb > $$tmp/run.log && \
	$(PY) $(SHARED)/eval/score.py --db $$tmp/eval.duckdb --gold $(SHARED)/eval/seeds.gold.jsonl \
		--gold $(SHARED)/eval/dev.gold.jsonl --show-errors; \
	status=$$?; [ $$status -eq 0 ] || cat $$tmp/run.log; rm -rf $$tmp; exit $$status

bench: install
	$(PY) bench/run.py --n $(N) --prefect-api $(API)

lint: install
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) pactwatch/extract/_native warehouse.duckdb warehouse.duckdb.lock .warehouse.duckdb.staging
