# Drone Dojo. `make run` and `make test` work on a fresh machine (Python 3.11, make).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench lint install lock messages clean fresh-kernels client browser

install: $(STAMP)

# numba caches each compiled function keyed on its own source file only: a change in a
# module it inlines or calls (or in a layout constant) would leave the old machine code in
# use. Drop every cached kernel whenever any source file has changed since the last run.
SOURCES_STAMP := $(VENV)/.kernel-sources
fresh-kernels: $(STAMP)
	@sum=$$(find src -name '*.py' | sort | xargs cat | sha256sum | cut -d' ' -f1); \
	if [ "$$(cat $(SOURCES_STAMP) 2>/dev/null)" != "$$sum" ]; then \
		find src -name '*.nbi' -delete; find src -name '*.nbc' -delete; \
		echo "$$sum" > $(SOURCES_STAMP); \
	fi

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
		apt-get update && apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The browser client (frontend/, TypeScript) built into the package's static folder.
CLIENT := src/dronedojo/web/static/app/main.js
CLIENT_SOURCES := $(shell find frontend/src -type f 2>/dev/null) frontend/package-lock.json \
	frontend/vite.config.ts frontend/tsconfig.json
client: $(CLIENT)
frontend/node_modules/.installed: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@
$(CLIENT): frontend/node_modules/.installed $(CLIENT_SOURCES)
	cd frontend && npm run build

# Debian's Chromium for the browser tests (Playwright drives it).
browser:
	@command -v chromium >/dev/null || { apt-get update && apt-get install -y chromium; }

run: fresh-kernels client
	$(BIN)/dronedojo serve

test: fresh-kernels client browser
	cd frontend && npx tsc --noEmit && npx vitest run
	$(BIN)/pytest

bench: fresh-kernels
	$(BIN)/dronedojo bench

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

# Re-resolve the locked dependency set after editing pyproject.toml.
lock: $(STAMP)
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --generate-hashes \
		--no-emit-index-url --no-emit-trusted-host --no-emit-find-links \
		--allow-unsafe -o requirements.lock pyproject.toml

# Bring the translation catalogues (src/dronedojo/locale/*/LC_MESSAGES/dronedojo.po) in line
# with the texts marked in the code; then translate the new, empty entries (tests/test_i18n.py).
POT := $(VENV)/dronedojo.pot
messages: $(STAMP)
	$(BIN)/pybabel --quiet extract --no-location --no-default-keywords -k _ -k gettext \
		-k ngettext:1,2 -k N_ -F babel.cfg --project dronedojo -o $(POT) src/dronedojo
	$(BIN)/pybabel --quiet update --no-fuzzy-matching --ignore-obsolete \
		-D dronedojo -d src/dronedojo/locale -i $(POT)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache frontend/node_modules src/dronedojo/web/static/app
	find src tests -name __pycache__ -type d -prune -exec rm -rf {} +
