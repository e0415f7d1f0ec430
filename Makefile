# Ura: `make run` to try it, `make test` for the whole suite. See README.md.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
PYTEST_WORKERS ?= auto

.PHONY: run test lint bench install install-dev lock translations assets browser messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs come from the lock files (every package pinned, with its hashes); the
# requirements*.txt files are what people edit, and `make lock` turns them into locks.
$(VENV)/.runtime: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.dev: requirements.lock requirements-dev.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

# Regenerate the lock files after editing requirements*.txt (needs PyPI; uv comes with install-dev).
LOCK_FLAGS := --quiet --generate-hashes --python-version 3.11 --python-platform linux --no-strip-extras
lock: install-dev
	$(BIN)/uv pip compile $(LOCK_FLAGS) -o requirements.lock requirements.txt
	$(BIN)/uv pip compile $(LOCK_FLAGS) -o requirements-dev.lock requirements-dev.txt

# Compiled catalogs are build products (.mo files are not committed).
translations: $(VENV)/.runtime
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel compile --statistics -d translations; fi

# Static files fingerprinted and pre-compressed (gzip, brotli) into build/assets/, which the
# app serves with a year's immutable caching (intranet/assets.py). Rebuilt when a file changes.
ASSETS := build/assets
$(ASSETS)/manifest.json: $(shell find intranet/static -type f) intranet/assets.py | $(VENV)/.runtime
	$(BIN)/python -m intranet.assets $(ASSETS)

assets: $(ASSETS)/manifest.json

# Re-extract strings and merge them into the catalogs (for developers).
messages: $(VENV)/.runtime
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k ngettext:1,2 -k pgettext:1c,2 -k lazy_pgettext:1c,2 --no-location --sort-output --ignore-dirs=".venv tests migrations instance" -o translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i translations/messages.pot -d translations

run: install translations assets
	URA_ENV=development $(BIN)/flask --app app db upgrade
	URA_ENV=development $(BIN)/flask --app app demo load-if-empty
	URA_ENV=development $(BIN)/flask --app app run --host $(HOST) --port $(PORT)

# Debian's Chromium for the browser tests; without root or apt the e2e tests say why they did not run.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
			|| echo "make: could not install Debian's chromium; browser tests will report why they did not run"; \
		else echo "make: not root or no apt-get; browser tests will report why they did not run"; fi; \
	fi

test: install-dev translations assets browser
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup -p no:cacheprovider $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/mypy

# The load benchmark drives gunicorn with wrk (Debian's package); without it, it says why it did not run.
bench: install-dev translations assets
	@if ! command -v wrk >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null) \
			|| echo "make: could not install Debian's wrk; the load benchmark will report why it did not run"; \
		else echo "make: not root or no apt-get; the load benchmark will report why it did not run"; fi; \
	fi
	$(BIN)/pytest -p no:cacheprovider -m bench tests/bench -s $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build
