# sanctions_tracker developer tasks. Run `make help` for the list.
# Needs only make and Python 3.11+ (python3.11, else python3); everything else
# goes into .venv. `make test-postgres` also needs PostgreSQL server binaries.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?=
# Interpreter used to create .venv: python3.11 if present, else python3.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)

RUNTIME_STAMP := $(VENV)/.installed-runtime
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: help run worker test chromium test-sqlite test-postgres screenshots lint format migrate seed clean

help: ## Show this list
	@echo "Usage: make TARGET [PORT=8000] [PYTEST_ARGS='-k name -x']"
	@echo
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-z-]*:.*## / {printf "  %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# --- virtualenv --------------------------------------------------------------

$(PY):
	@if [ -z "$(PYTHON)" ]; then \
		echo "error: neither python3.11 nor python3 found on PATH; install Python 3.11+ (or pass PYTHON=/path/to/python3.11)" >&2; \
		exit 1; \
	fi
	@if ! "$(PYTHON)" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then \
		echo "error: $(PYTHON) is Python $$("$(PYTHON)" -c 'import platform; print(platform.python_version())'); this project needs Python 3.11+ (pass PYTHON=/path/to/python3.11)" >&2; \
		exit 1; \
	fi
	"$(PYTHON)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when the requirement files change.
$(RUNTIME_STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(DEV_STAMP): requirements-dev.txt requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(RUNTIME_STAMP) $@

# Local settings for `make run`; never overwritten once it exists.
.env: | $(PY)
	@umask 077; $(PY) -c 'import secrets; print("DEBUG=true"); print("SECRET_KEY=" + secrets.token_urlsafe(50))' > $@.tmp
	@mv $@.tmp $@
	@echo "Created .env with DEBUG=true and a freshly generated SECRET_KEY (local development only)."

# --- app -----------------------------------------------------------------------

run: $(RUNTIME_STAMP) .env ## Migrate, load seed data, ensure a local admin, serve on 127.0.0.1:PORT (default 8000) with a job worker
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed
	$(PY) manage.py ensure_local_admin
	@# The worker runs beside the server and stops with it (Ctrl+C, or the server exiting);
	@# without the autoreloader, so that it stops gracefully (its current job ends first).
	@$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

worker: $(RUNTIME_STAMP) .env ## Run the background job worker alone (make run starts one)
	$(PY) manage.py db_worker

migrate: $(RUNTIME_STAMP) ## Apply database migrations
	$(PY) manage.py migrate --noinput

seed: migrate ## Migrate, then load fixtures/*.json (idempotent)
	$(PY) manage.py load_seed

# --- quality -------------------------------------------------------------------

test: $(DEV_STAMP) ## Run the test suite on SQLite, then on a throwaway PostgreSQL
	@sqlite=0; postgres=0; \
	$(MAKE) test-sqlite || sqlite=$$?; \
	$(MAKE) test-postgres || postgres=$$?; \
	result() { if [ "$$1" -eq 0 ]; then echo ok; else echo FAILED; fi; }; \
	echo "make test: SQLite $$(result $$sqlite); PostgreSQL $$(result $$postgres)"; \
	[ "$$sqlite" -eq 0 ] && [ "$$postgres" -eq 0 ]

chromium: ## Install Debian's Chromium for the browser tests if missing (as root)
	@scripts/ensure-chromium.sh

test-sqlite: $(DEV_STAMP) chromium ## Run the test suite on SQLite (DATABASE_URL unset)
	env -u DATABASE_URL $(VENV)/bin/pytest $(PYTEST_ARGS)

test-postgres: $(DEV_STAMP) chromium ## Run the test suite on a throwaway PostgreSQL cluster
	scripts/with-postgres.sh $(VENV)/bin/pytest $(PYTEST_ARGS)

screenshots: $(DEV_STAMP) chromium ## Retake the README's screenshots (docs/screenshots/) with the browser tests
	SCREENSHOTS_DIR=docs/screenshots env -u DATABASE_URL $(VENV)/bin/pytest -q -p no:cacheprovider \
		tests/browser/test_workspace_flows.py -k "dossier or compare"

lint: $(DEV_STAMP) ## ruff check + ruff format --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(DEV_STAMP) ## Apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean: ## Remove .venv, db.sqlite3, collected static files and caches (keeps .env)
	rm -rf $(VENV) db.sqlite3 db.sqlite3-journal staticfiles .pytest_cache .ruff_cache .coverage htmlcov
	find . -path ./.git -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
