# Two commands matter: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format migrate demo worker beat bench soak clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --noinput --verbosity 0

demo: migrate
	$(BIN)/python manage.py load_demo

# Serve the site with demo content on http://127.0.0.1:8000/ (SQLite, tasks in-process).
run: demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# The whole suite. With DATABASE_URL / REDIS_URL set, integration tests run too;
# with REQUIRE_SERVICES=1 a missing service is a failure, not a skip.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Against Redis: REDIS_URL=redis://127.0.0.1:6379/0 make worker (and make beat).
worker: $(STAMP)
	$(BIN)/celery -A config worker --loglevel=INFO

beat: $(STAMP)
	$(BIN)/celery -A config beat --loglevel=INFO

# Every bench script at a size that finishes in minutes (SQLite, or DATABASE_URL); the
# README's "Benchmarks" says how to run each at full size.
bench: $(STAMP)
	$(BIN)/python bench/run_all.py
	$(BIN)/python bench/stale_scan.py --sizes 1000 10000
	$(BIN)/python bench/diff.py
	$(BIN)/python bench/claims.py
	$(BIN)/python bench/public_pages.py --articles 300 --seconds 4
	$(BIN)/python bench/scale.py --sizes 200 2000 --repeat 5

# Three minutes of the whole stack with every fault (its own PostgreSQL and Redis).
soak: $(STAMP)
	$(BIN)/python bench/soak.py

clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache .ruff_cache
