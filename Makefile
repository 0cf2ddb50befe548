# The two commands: `make run` (try the portal) and `make test` (run the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: run test test-servers lint format messages clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $(VENV)/.installed $@

## run: install, migrate SQLite, load the demo once, print the login, serve on http://localhost:$(PORT)
# School sites and links take the port from PORTAL_BASE_URL (http://<slug>.localhost:$(PORT)/).
run: export PORTAL_BASE_URL ?= http://localhost:$(PORT)
run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py rebuild_search_index --verbosity 0
	@echo ""
	@echo "Cổng thông tin: http://localhost:$(PORT)/"
	$(BIN)/python manage.py runserver 0.0.0.0:$(PORT)

## test-servers: installs, when missing, Debian's postgresql and redis-server (and chromium,
## gettext, nginx-light, clamav-daemon, Java, unzip, npm) and starts PostgreSQL and Redis on
## loopback when not running (scripts/test-servers.sh says what it does; a second run does nothing)
test-servers:
	@bash scripts/test-servers.sh

# The suite runs on PostgreSQL (the production database) unless DATABASE_URL says otherwise,
# in TEST_WORKERS processes (pytest-xdist; `auto` is one per core), each with its own test
# database (test_<name>_gw0, ...) and media folders. A test file runs whole in one worker, in
# pytest-django's order (--no-loadscope-reorder): the files whose tests commit, which empty the
# database when they end, after every file that needs its initial rows.
TEST_DATABASE_URL ?= postgres://portal_test:portal_test@127.0.0.1:5432/portal_test
TEST_WORKERS ?= auto

## node_modules: the validators the browser tests run (axe-core, the Nu HTML Checker), pinned
## in package-lock.json; installed from npm when the lock file changes
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

## test: install the test needs and run the whole suite (unit, integration, browser)
# The search tests and the bad-input corpus run a second time on SQLite (the embedded default)
# when the main run used another database: matching and what the database refuses differ. The
# OpenSearch tests (a node of their own, tests/search/test_opensearch.py) run once, in the
# main run: their matching is the cluster's, whatever the database.
test: export DATABASE_URL ?= $(TEST_DATABASE_URL)
test: export REDIS_URL_FOR_TESTS ?= redis://127.0.0.1:6379/15
test: $(VENV)/.installed-test test-servers node_modules/.package-lock.json
	@started=$$(date +%s); \
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: that is a failure." >&2; fi; \
	if [ $$status -eq 0 ] && [ -n "$$DATABASE_URL" ] && [ "$${DATABASE_URL#sqlite}" = "$$DATABASE_URL" ]; then \
		echo "Search tests and the bad-input corpus on SQLite:"; \
		env -u DATABASE_URL $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder tests/search tests/portal/test_bad_input_corpus.py -q -p no:cacheprovider \
			--ignore tests/search/test_opensearch.py; status=$$?; \
	fi; \
	echo "make test: $$(( $$(date +%s) - started )) s wall time"; \
	exit $$status

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	find . \( -path ./.venv -o -path './media*' -o -path ./static_collected -o -path ./.git -o -path ./node_modules \) -prune -o -name '*.html' -print0 | xargs -0 $(BIN)/djhtml --check

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	find . \( -path ./.venv -o -path './media*' -o -path ./static_collected -o -path ./.git -o -path ./node_modules \) -prune -o -name '*.html' -print0 | xargs -0 $(BIN)/djhtml

## messages: refresh the Vietnamese catalogue from the code and compile it
messages: $(VENV)/.installed-test
	$(BIN)/python manage.py makemessages --locale vi --no-obsolete --no-location --ignore '.venv/*' --ignore 'bench/*' --ignore 'tests/*' --ignore 'media*' --ignore 'node_modules/*'
	$(BIN)/python manage.py compilemessages --locale vi --ignore '.venv/*'

bench: $(VENV)/.installed-test
	$(BIN)/python bench/pages.py

clean:
	rm -rf $(VENV) db.sqlite3 media media-test* private static_collected .demo-credentials
