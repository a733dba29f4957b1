# Two commands for a new user: `make demo` and `make test`. Each creates .venv and installs what
# it needs; the stamp files make a second run skip the install.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: demo test lint typecheck unit rules-check docs docs-serve bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.core-installed: $(BIN)/python pyproject.toml
	$(PIP) -e .
	touch $@

$(VENV)/.dev-installed: $(BIN)/python pyproject.toml
	$(PIP) -e '.[dev,docs,durable]'
	touch $@ $(VENV)/.core-installed

demo: $(VENV)/.core-installed
	$(BIN)/discretion evaluate rules/ --item FSL-124 --facts examples/fsl-124-demo.yaml

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy

unit: $(VENV)/.dev-installed
	$(BIN)/pytest

rules-check: $(VENV)/.dev-installed
	$(BIN)/discretion check rules/

test: lint typecheck unit rules-check

$(VENV)/.bench-installed: $(BIN)/python pyproject.toml
	$(PIP) -e '.[dev,durable,bench]'
	touch $@ $(VENV)/.core-installed

# Not part of `make test`: several minutes on 2 cores; writes benchmarks/RESULTS.md.
bench: $(VENV)/.bench-installed
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) site .mypy_cache .pytest_cache .ruff_cache .hypothesis
