# Descent Lab: `make run` serves the app, `make test` runs every test. Both set everything up first.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test setup setup-test system-deps lint typecheck bench load clean

$(VENV)/.ok-run: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[mnist]'
	touch $@

$(VENV)/.ok-test: $(VENV)/.ok-run
	$(PY) -m pip install -q -e '.[test,mnist]'
	touch $@

setup: $(VENV)/.ok-run
setup-test: $(VENV)/.ok-test

## Debian packages the tests need: Chromium (driven by Playwright, never downloaded), CJK fonts, nginx.
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' \
	    || ! PATH="$$PATH:/usr/sbin" command -v nginx >/dev/null 2>&1; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk nginx >/dev/null; fi
	@chromium --version 2>/dev/null | head -n 1

run: setup
	$(VENV)/bin/descent-lab --host $(HOST) --port $(PORT)

lint: setup-test
	$(VENV)/bin/ruff check app tests bench
	$(VENV)/bin/hadolint --no-color --failure-threshold error Dockerfile

## mypy: strict for app/core, the default checks for the rest of app/ (pyproject.toml [tool.mypy])
typecheck: setup-test
	$(VENV)/bin/mypy

test: system-deps setup-test lint typecheck
	@if command -v node >/dev/null 2>&1 && [ -d tests/js ]; then node --test tests/js/; fi
	$(PY) -m pytest -q -p no:cacheprovider

bench: setup-test
	$(PY) bench/bench_core.py
	$(PY) bench/bench_training.py
	$(PY) bench/bench_sweep.py
	$(PY) bench/bench_formula.py
	$(PY) bench/ws_load.py

## the load test with loose floors, as CI runs it after the tests
load: setup-test
	$(PY) bench/ws_load.py --clients 100 --steps 500 --trainings 4 --deadline 120 --min-steps-per-s 500

clean:
	rm -rf $(VENV) artifacts test-results .pytest_cache .ruff_cache .hypothesis
