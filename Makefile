# The two commands of the README's quick start are `make run` and `make test`;
# both create the virtual environment on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Exact versions with hashes of everything the environment holds (runtime, the `dev` extra,
# the build backend and pip itself), so that every install gets the same files; pyproject.toml
# keeps the ranges for installing Coach elsewhere. `make lock` writes it again from those.
LOCK := requirements.lock
# The lock is for the Python and platform CI and `make run` use.
LOCK_PYTHON := 3.11
LOCK_PLATFORM := linux
# Kept pins stay unless a range excludes them; `make lock LOCK_FLAGS=--upgrade` moves every
# pin to the newest version allowed.
LOCK_FLAGS ?=

.PHONY: install browser lock run chat test lint bench clean

install: $(STAMP)

# The build backend comes from the lock too (hence no build isolation), so that installing
# the project itself downloads nothing unpinned; `pip check` catches a dependency added to
# pyproject.toml but not yet to the lock.
$(STAMP): $(LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $(STAMP)

# uv resolves pyproject.toml's ranges, keeping the pins of the lock they still allow; the
# build-system requirements and pip come on its standard input, as no extra lists them.
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet uv
	{ echo pip; $(BIN)/python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"]))'; } \
	  | $(BIN)/uv pip compile pyproject.toml - --extra dev --generate-hashes \
	      --python-version $(LOCK_PYTHON) --python-platform $(LOCK_PLATFORM) \
	      --custom-compile-command 'make lock' --quiet $(LOCK_FLAGS) --output-file $(LOCK)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The browser tests (tests/browser) drive Debian's Chromium through Playwright, whose own
# browser download never runs. CI runs as root and gets it here; elsewhere, without root, the
# tests skip and say why.
CHROMIUM := /usr/bin/chromium
browser:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -q --no-install-recommends chromium chromium-driver; \
	else \
	  echo "$(CHROMIUM) is missing: the browser tests will be skipped (as root: make browser)"; \
	fi

run: install
	$(BIN)/coach run

chat: install
	$(BIN)/coach chat

lint: install
	$(BIN)/ruff check bot tests bench migrations
	$(BIN)/ruff format --check bot tests bench migrations
	$(BIN)/mypy

test: lint browser
	$(BIN)/pytest

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
