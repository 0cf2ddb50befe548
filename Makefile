# The two commands: `make run` (try the portal) and `make test` (run the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: run test lint format messages check-messages clean bench

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

## test-system-deps: Debian's chromium (browser tests), gettext (catalogue checks),
## nginx-light (the deploy configuration is checked with `nginx -t`) and clamav-daemon (the
## upload scan is tested against a real clamd), if missing
test-system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	[ -x /usr/sbin/nginx ] || missing="$$missing nginx-light"; \
	[ -x /usr/sbin/clamd ] || missing="$$missing clamav-daemon"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

## test: install the test needs and run the whole suite (unit, integration, browser)
# The search tests run a second time on SQLite (the embedded default) when the main run
# used another database: the matching code differs per database, so both must pass.
test: $(VENV)/.installed-test test-system-deps
	@$(BIN)/python -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: that is a failure." >&2; fi; \
	if [ $$status -eq 0 ] && [ -n "$$DATABASE_URL" ] && [ "$${DATABASE_URL#sqlite}" = "$$DATABASE_URL" ]; then \
		echo "Search tests on SQLite:"; \
		env -u DATABASE_URL $(BIN)/python -m pytest tests/search -q -p no:cacheprovider; status=$$?; \
	fi; \
	exit $$status

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	find . \( -path ./.venv -o -path './media*' -o -path ./static_collected -o -path ./.git \) -prune -o -name '*.html' -print0 | xargs -0 $(BIN)/djhtml --check

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	find . \( -path ./.venv -o -path './media*' -o -path ./static_collected -o -path ./.git \) -prune -o -name '*.html' -print0 | xargs -0 $(BIN)/djhtml

## messages: refresh the Vietnamese catalogue from the code and compile it
messages: $(VENV)/.installed-test
	$(BIN)/python manage.py makemessages --locale vi --no-obsolete --no-location --ignore '.venv/*' --ignore 'bench/*' --ignore 'tests/*' --ignore 'media*'
	$(BIN)/python manage.py compilemessages --locale vi --ignore '.venv/*'

bench: $(VENV)/.installed-test
	$(BIN)/python bench/pages.py

clean:
	rm -rf $(VENV) db.sqlite3 media media-test* private static_collected .demo-credentials
