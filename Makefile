# `make run`: install and start on SQLite with the demo school. `make test`: install and run every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install browsers bench clean model

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip setuptools wheel
	$(BIN)/pip install -q -e '.[test,lint,train]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/skolebot db upgrade
	$(BIN)/skolebot demo --if-empty
	$(BIN)/skolebot serve

test: install browsers
	$(BIN)/python -m pytest -q -p no:cacheprovider

# The same checks as .pre-commit-config.yaml; .ci/run runs them before the tests.
lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# The browser tests' headless Chromium comes from Debian's packages, Playwright from PyPI (Python package
# only: never `playwright install`, which would download a browser build of its own).
browsers: install
	test -x /usr/bin/chromium || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }
	$(BIN)/pip install -q playwright

# Retrain the intent model of bot/understanding/learned.py on the development corpus (commit the result).
model: install
	$(BIN)/python -m bot.understanding.training

bench: install
	$(BIN)/python bench/sms_turns.py

clean:
	rm -rf $(VENV) build dist *.egg-info skolebot.db*
