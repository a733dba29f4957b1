# Two commands for a new user: `make demo` and `make test`. Each creates .venv and installs what
# it needs; the stamp files make a second run skip the install.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: browser demo demo-audit serve test lint typecheck contracts unit rules-check docs docs-serve bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.core-installed: $(BIN)/python pyproject.toml
	$(PIP) -e .
	touch $@

# durable_rules builds a C extension from source (its last release has no wheels): on a machine
# without a C compiler its install fails and the rest of the suite still runs. The failure is
# recorded in $(VENV)/durable-missing.txt, tests/test_durable.py skips with that reason, and
# `make unit` repeats it after the test summary.
DURABLE_MISSING := $(VENV)/durable-missing.txt
$(VENV)/.dev-installed: $(BIN)/python pyproject.toml
	$(PIP) -e '.[dev,docs,server,audit]'
	@rm -f $(DURABLE_MISSING)
	@$(PIP) -e '.[durable]' >$(VENV)/durable-install.log 2>&1 || { \
	  echo "durable-rules 未安装：需要 C 编译器构建它的 C 扩展（pip install 'discretion[durable]' 失败，见 $(VENV)/durable-install.log）；durable 后端的测试不运行 / durable-rules not installed: building it needs a C compiler" >$(DURABLE_MISSING); \
	  cat $(DURABLE_MISSING); }
	touch $@ $(VENV)/.core-installed

demo: $(VENV)/.core-installed
	$(BIN)/discretion evaluate rules/ --item FSL-124 --facts examples/fsl-124-demo.facts.yaml

$(VENV)/.audit-installed: $(BIN)/python pyproject.toml
	$(PIP) -e '.[audit]'
	touch $@ $(VENV)/.core-installed

# The case-file audit (案卷评查) of the bundled synthetic archive: findings and a Chinese report.
demo-audit: $(VENV)/.audit-installed
	$(BIN)/discretion audit examples/audit/archive.csv --rules rules/ -o audit-report
	@echo "open audit-report/report.html"

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy

# The layers of the package and no import cycles ([tool.importlinter] in pyproject.toml).
contracts: $(VENV)/.dev-installed
	$(BIN)/lint-imports

unit: $(VENV)/.dev-installed postgres-server
	$(BIN)/pytest
	@if [ -f $(DURABLE_MISSING) ]; then echo "skipped: $$(cat $(DURABLE_MISSING))"; fi

# The review log's tests start a real PostgreSQL server on 127.0.0.1 (tests/postgres_server.py)
# from Debian's binaries: installed here when missing (CI runs as root), a no-op otherwise.
.PHONY: postgres-server
postgres-server:
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql; }

rules-check: $(VENV)/.dev-installed
	$(BIN)/discretion check rules/

test: lint typecheck contracts browser unit rules-check docs

# The form's tests drive Debian's headless chromium through chromium-driver; nothing when present.
browser:
	@command -v chromedriver >/dev/null 2>&1 || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver fonts-noto-cjk; } || echo "browser: could not install chromium; the form tests will say so"

# The docs site: the catalogue is generated from rules/ while building (the discretion mkdocs
# plugin, src/discretion/catalogue; docs/hooks for the guides). --strict
# turns any warning (a broken link, an example case that no longer matches) into a failure.
# NO_MKDOCS_2_WARNING: mkdocs-material prints a notice about MkDocs 2.0 on every build otherwise.
docs: $(VENV)/.dev-installed
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

docs-serve: $(VENV)/.dev-installed
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

$(VENV)/.server-installed: $(BIN)/python pyproject.toml
	$(PIP) -e '.[server]'
	touch $@ $(VENV)/.core-installed

# The API and the officers' form on http://127.0.0.1:8080/ (Ctrl-C stops it).
serve: $(VENV)/.server-installed
	$(BIN)/discretion serve rules/

$(VENV)/.bench-installed: $(BIN)/python pyproject.toml
	$(PIP) -e '.[dev,durable,bench]'
	touch $@ $(VENV)/.core-installed

# Not part of `make test`: several minutes on 2 cores; writes benchmarks/RESULTS.md.
bench: $(VENV)/.bench-installed
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) site .mypy_cache .pytest_cache .ruff_cache .hypothesis
