# Gongkai: every set-up step lives here, so a fresh machine needs only `make run` or `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
export GONGKAI_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test test-browser test-postgres lint format bench system-deps clean compile

# The virtualenv is rebuilt when pyproject.toml changes.
$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

venv: $(BIN)/.installed

# The engine's hot modules compiled with mypyc (src/gongkai/annualreport/compiled.py),
# rebuilt when a source is newer; plain Python where the machine cannot compile.
compile: venv
	@$(BIN)/python scripts/compile_engine.py --if-stale

# Debian packages some features need (Chinese fonts for PDF, Chromium for browser tests,
# poppler for PDF previews). Installed only when missing and when we are allowed to.
system-deps:
	@sh scripts/system-deps.sh

# The demo's identification footer (production sets these in its environment).
run: export GONGKAI_SITE_SPONSOR ?= 洛阳市西工区人民政府办公室（演示）
run: export GONGKAI_SITE_CONTACT ?= 0379-63210000
run: export GONGKAI_SITE_ID_CODE ?= 4103030000
run: export GONGKAI_SITE_ICP ?= 豫ICP备00000000号（演示）

# The worker runs the background jobs beside the web server and stops with it.
run: compile
	$(BIN)/gongkai demo
	$(BIN)/gongkai worker --no-migrate & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gongkai serve --port $(PORT) --dev-http --show-logins

test: venv system-deps compile
	$(BIN)/python -m pytest -m "not browser" -n 2

test-postgres: compile
	DB=postgres $(BIN)/python -m pytest -m "not browser" -n 2

test-browser: venv system-deps compile
	$(BIN)/python -m pytest -m browser -p no:xdist

# mypy runs strict on the pure parts (see [tool.mypy] in pyproject.toml).
lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

format: venv
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

bench: venv system-deps compile
	$(BIN)/python -m bench

clean:
	find src -name '*.so' -delete
	rm -rf $(VENV) build *.egg-info src/*.egg-info .mypy_cache .ruff_cache
