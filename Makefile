# Treaty Tracker — `make help` lists the targets.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
HOST   ?= 127.0.0.1
PORT   ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run serve test test-slow test-all test-fast lint typecheck layers check format migrations-check worker beat demo superuser roles corpus corpus-run untc-mirror sync sync-mirror ci bench clean

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
run demo migrations-check worker beat superuser roles corpus corpus-run untc-mirror sync sync-mirror: export DEBUG ?= true

# The 2018 UN corpus goes to its own SQLite file, beside the demo's db.sqlite3.
CORPUS_DB  ?= corpus.sqlite3
CORPUS_XML ?= ../shared/data/untc-mtdsg-xml-2018/
CORPUS_AS_OF ?= 2018-01-15

run: install ## Serve the site with the demo data on http://127.0.0.1:8000 (DEBUG, SQLite)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

serve: install ## The production stack without Docker: gunicorn + worker + beat (see .env.example)
	PY=$(PY) bin/serve

# Extra pytest arguments, e.g. make test PYTEST_ARGS="-k search" (.ci/run adds coverage here).
PYTEST_ARGS ?=
# make test and make test-fast run in this many processes (pytest-xdist; 0: one process). The
# tests of a real Celery worker stay in one of them (--dist loadgroup, see tests/conftest.py).
TEST_PROCESSES ?= 2
XDIST := -n $(TEST_PROCESSES) --dist loadgroup

test: install ## The suite a developer runs often: all but the browser, whole-corpus and slow tests
	$(PY) -m pytest $(XDIST) -m "not browser and not corpus and not slow" $(PYTEST_ARGS)

test-slow: install ## Only what make test leaves out: the browser, whole-corpus and slow tests
	$(PY) -m pytest -m "browser or corpus or slow" $(PYTEST_ARGS)

test-all: install ## Every test in one run (CI runs make test, then make test-slow)
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: install ## make test without the worker tests, stopping at the first failure
	$(PY) -m pytest $(XDIST) -x -q -m "not browser and not corpus and not slow and not worker" $(PYTEST_ARGS)

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

superuser: install ## Create an administrator (asks for a name and a password; DEBUG, SQLite)
	$(PY) manage.py migrate --noinput -v0
	# With DJANGO_SUPERUSER_USERNAME and DJANGO_SUPERUSER_PASSWORD set it asks nothing.
	$(PY) manage.py createsuperuser $(if $(DJANGO_SUPERUSER_USERNAME),--noinput)

roles: install ## Create the "editor" and "reviewer" groups and their permissions
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py setup_roles

corpus: install ## Import the UN's 2018 corpus into its own database (CORPUS_DB, corpus.sqlite3)
	rm -f $(CORPUS_DB)
	SQLITE_PATH=$(CORPUS_DB) $(PY) manage.py migrate --noinput -v0
	SQLITE_PATH=$(CORPUS_DB) $(PY) manage.py import_untc $(CORPUS_XML) --as-of $(CORPUS_AS_OF)

# The depositary's files laid out as the UN publishes them, served locally for sync_untc.
MIRROR_DIR  ?= /tmp/untc-mirror
MIRROR_PORT ?= 8001

sync: install ## Bring the demo's record up to date from the depositary (UNTC_BASE_URL; needs internet; SYNC_ARGS="--chapter XXVI")
	$(PY) manage.py sync_untc $(SYNC_ARGS)

untc-mirror: install ## Lay the 2018 files out as the depositary's (MIRROR_DIR, /tmp/untc-mirror)
	$(PY) manage.py untc_mirror $(CORPUS_XML) $(MIRROR_DIR)

sync-mirror: install ## Sync the corpus (CORPUS_DB) from MIRROR_DIR, served on 127.0.0.1:MIRROR_PORT for the run
	@$(PY) -m http.server $(MIRROR_PORT) --bind 127.0.0.1 --directory $(MIRROR_DIR) >/dev/null 2>&1 & \
	server=$$!; trap "kill $$server" EXIT; sleep 1; \
	SQLITE_PATH=$(CORPUS_DB) UNTC_SYNC_RATE=0 $(PY) manage.py sync_untc \
	  --base-url http://127.0.0.1:$(MIRROR_PORT)/ $(SYNC_ARGS)

corpus-run: install ## Serve the imported corpus (after make corpus) on http://127.0.0.1:8000
	SQLITE_PATH=$(CORPUS_DB) $(PY) manage.py runserver $(HOST):$(PORT)

bench: install ## Run the benchmarks in bench/
	$(PY) bench/run_all.py

ci: ## What CI runs: services, checks, make test and make test-slow on PostgreSQL + Redis + a worker, with coverage
	bash .ci/run

clean: ## Remove the virtualenv and the SQLite database
	rm -rf $(VENV) db.sqlite3 $(CORPUS_DB)
