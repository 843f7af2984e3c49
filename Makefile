# lodemap: `make demo` builds the environment and writes a cited dossier to out/;
# `make test` builds the same environment, lints, and runs every test.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DB := out/demo.db

.PHONY: venv demo test lint pg pdf-libs ui-assets browser bench bench-store bench-memory golden docs clean

$(STAMP): pyproject.toml
	@$(PY) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "lodemap needs Python 3.11 or newer (set PY=python3.11)"; exit 1; }
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP) pdf-libs ui-assets
	mkdir -p out
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/lodemap init --db $(DEMO_DB)
	$(BIN)/lodemap ingest --samples --db $(DEMO_DB)
	$(BIN)/lodemap stats --db $(DEMO_DB)
	$(BIN)/lodemap ledger "USA Rare Earth" --db $(DEMO_DB)
	$(BIN)/lodemap brief "USA Rare Earth" --format md -o out/usa-rare-earth.md --db $(DEMO_DB)
	$(BIN)/lodemap brief "USA Rare Earth" --format html -o out/usa-rare-earth.html --db $(DEMO_DB)
	$(BIN)/lodemap brief "USA Rare Earth" --format pdf -o out/usa-rare-earth.pdf --db $(DEMO_DB)
	@echo "Dossier of USA Rare Earth: out/usa-rare-earth.md, .html and .pdf"

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/lodemap schema --check

# The store's contract tests start a throwaway PostgreSQL server of their own
# (tests/pg.py); `pg` installs the server binaries where they are missing.
PG_INSTALLED := command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
APT_PG := DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql

pg:
	@$(PG_INSTALLED) || { echo "installing PostgreSQL with apt"; \
		$(APT_PG) || { apt-get update -q && $(APT_PG); }; }

# PDF dossiers are laid out by WeasyPrint, which needs Pango from the system.
APT_PDF := DEBIAN_FRONTEND=noninteractive apt-get install -y -q libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core

pdf-libs: $(STAMP)
	@$(BIN)/python -c 'import weasyprint' >/dev/null 2>&1 || { echo "installing Pango with apt"; \
		$(APT_PDF) || { apt-get update -q && $(APT_PDF); }; }

# The web UI's front-end packages come from npm (package.json, package-lock.json); the
# files it serves are copied into an ignored folder, so nothing third-party is committed.
UI_VENDOR := src/lodemap/web/static/vendor

$(UI_VENDOR)/cytoscape.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	mkdir -p $(UI_VENDOR)
	cp node_modules/cytoscape/dist/cytoscape.min.js $(UI_VENDOR)/
	cp node_modules/cytoscape/LICENSE $(UI_VENDOR)/cytoscape.LICENSE

ui-assets: $(UI_VENDOR)/cytoscape.min.js

# The browser tests drive Debian's Chromium through Playwright (no browser download).
APT_BROWSER := DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium

browser:
	@command -v chromium >/dev/null 2>&1 || { echo "installing Chromium with apt"; \
		$(APT_BROWSER) || { apt-get update -q && $(APT_BROWSER); }; }

test: lint pg pdf-libs ui-assets browser
	LODEMAP_REQUIRE_PG=1 LODEMAP_REQUIRE_BROWSER=1 $(BIN)/pytest -q

golden: $(STAMP)
	LODEMAP_UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/test_golden.py

docs: $(STAMP)
	$(BIN)/lodemap schema --markdown > docs/schema.md

# Every benchmark prints its figures; the store one (1M statements, SQLite and
# PostgreSQL) takes about five minutes.
bench: $(STAMP) pg
	$(BIN)/python bench/extract_speed.py
	$(BIN)/python bench/segment_speed.py
	$(BIN)/python bench/scenario_speed.py
	$(BIN)/python bench/store_scale.py
	$(BIN)/python bench/api_load.py

bench-store: $(STAMP) pg
	$(BIN)/python bench/store_scale.py

bench-memory: $(STAMP)
	$(BIN)/python bench/extract_memory.py 100

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
