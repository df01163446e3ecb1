# yuqing: the two commands are `make demo` and `make test`. Both do all set-up on a fresh Debian machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
PY ?= python3
UV := $(PY) -m uv
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo/yuqing-demo.duckdb
DEB_PACKAGES := postgresql chromium fonts-wqy-zenhei
# the default suite leaves out the long real-data checks marked `slow`; `make test-all` runs everything
PYTEST_ARGS ?= -m "not slow"

help:
	@echo "make demo   set up, build the demo store (synthetic, seeded) and run the main job on it"
	@echo "make test   set up, install the test's Debian packages, lint, type-check and run the test suite"
	@echo "make test-all  the same, slow real-data checks included"
	@echo "make bench  run the benchmarks under bench/"

uv:
	@$(PY) -m uv --version >/dev/null 2>&1 || $(PY) -m pip install -q uv

$(VENV)/.synced: pyproject.toml uv.lock | uv
	$(UV) sync --frozen --all-extras --compile-bytecode
	$(BIN)/python -m yuqing.analyses._coord._kernels  # compile the numba kernels once into their disk cache
	@touch $@

setup: uv $(VENV)/.synced

deb:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

lint: setup
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/mypy
	$(BIN)/lint-imports

test: setup deb lint
	$(BIN)/python -m pytest -n 2 --dist loadgroup -q $(PYTEST_ARGS)

test-all: PYTEST_ARGS :=
test-all: test

demo: setup
	$(BIN)/yuqing --db $(DEMO_DB) demo --out demo

bench: setup
	@for f in bench/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

.PHONY: help uv setup deb lint test test-all demo bench
