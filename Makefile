# cloudgen: `make generate` regenerates the example project, `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: generate check test lint setup setup-generate bench clean

# The virtualenv is created on first use and refreshed when pyproject.toml changes.
$(VENV)/.runtime: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

# What the tests need besides Python: Debian packages (installed when run as root,
# otherwise the exact command is printed) and the npm tools pinned by package-lock.json:
# Prism (the client's contract tests), arduino-iot-js and TypeScript (the TypeScript
# bindings' tests), esbuild and the browser polyfills (the example dashboards' web pages)
# and playwright-core (the page's test in Chromium). It does nothing when everything is there.
setup:
	bash .ci/setup

setup-generate:
	bash .ci/setup --generate

# The API client is generated from the pinned spec, which `cloudgen spec pull` fetches
# (or copies from SPEC_FROM, e.g. a local copy when offline) into the git-ignored cache.
SPEC_FROM ?= $(wildcard ../shared/specs/iot-api/openapi.yaml)
SPEC_CACHE := .cloudgen/spec/openapi.yaml

# What generating needs besides Python: Node.js and npm, and the npm packages the
# example dashboards' web pages are built with (esbuild and the browser polyfills).
generate: setup-generate $(VENV)/.runtime
	@test -f $(SPEC_CACHE) || $(BIN)/cloudgen spec pull $(if $(SPEC_FROM),--from $(SPEC_FROM)) \
		|| echo "make: no spec, so no API client; the rest is generated" >&2
	$(BIN)/cloudgen generate

# Exit 1 with a diff when a generated file is stale or was edited by hand.
check: setup-generate $(VENV)/.runtime
	$(BIN)/cloudgen generate --check

test: setup lint
	$(BIN)/pytest -q -n 2

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict generator
	$(BIN)/lint-imports

bench: $(VENV)/.runtime
	$(BIN)/python bench/things.py
	$(BIN)/python bench/noop.py
	$(BIN)/python bench/spec_diff.py
	$(BIN)/python bench/client.py
	$(BIN)/python bench/cloud.py

clean:
	rm -rf $(VENV) node_modules .cloudgen generated/python .pytest_cache .mypy_cache .ruff_cache
