# Treaty Tracker — `make help` lists the targets.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
HOST   ?= 127.0.0.1
PORT   ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run serve test test-fast lint typecheck layers check format migrations-check worker beat demo ci bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	# Exact versions come from constraints.txt so every install is the same.
	$(PIP) install -q -c constraints.txt ".[dev]"
	touch $@

install: $(VENV)/.installed ## Create the virtualenv and install pinned dependencies

# A developer's machine: DEBUG on (a throwaway key, plain HTTP) unless DEBUG is set.
run demo migrations-check worker beat: export DEBUG ?= true

run: install ## Serve the site with the demo data on http://127.0.0.1:8000 (DEBUG, SQLite)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

serve: install ## The production stack without Docker: gunicorn + worker + beat (see .env.example)
	PY=$(PY) bin/serve

test: install ## Run the whole test suite
	$(PY) -m pytest

test-fast: install ## The suite without the browser and worker tests (stops at the first failure)
	$(PY) -m pytest -x -q -m "not browser and not worker"

lint: install ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install ## mypy with the Django and DRF plugins over the whole project
	$(VENV)/bin/mypy

layers: install ## import-linter: the layers import one way, the rule engine imports no Django
	$(VENV)/bin/lint-imports

check: lint typecheck layers migrations-check ## Every static check CI runs

format: install ## Format the code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install ## Fail if models and migrations disagree
	$(PY) manage.py makemigrations --check --dry-run

worker: install ## Run a Celery worker (needs CELERY_BROKER_URL)
	$(VENV)/bin/celery -A config worker -l info --concurrency 2

beat: install ## Run Celery beat (periodic reconcile and daily status changes)
	$(VENV)/bin/celery -A config beat -l info

demo: install ## Load (or refresh) the demo dataset
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

bench: install ## Run the benchmarks in bench/
	$(PY) bench/run_all.py

ci: ## What CI runs: services, lint, migrations check, tests on PostgreSQL + Redis + worker
	bash .ci/run

clean: ## Remove the virtualenv and the SQLite database
	rm -rf $(VENV) db.sqlite3
