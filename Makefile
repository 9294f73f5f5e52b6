# cchc: two set-up commands on a fresh machine with only Python 3.11 and make.
#   make run   install, ingest the bundled corpus into outputs/cchc.db, serve it
#              with Datasette on http://127.0.0.1:8001/
#   make test  install with test extras, run every test
# Both are idempotent: the virtualenv is rebuilt only when pyproject.toml or
# constraints.txt change.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    := outputs
PORT   ?= 8001

.PHONY: install run test lint bench clean system-deps

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

run: install
	@mkdir -p $(OUT)
	@if find corpus/texts -type f 2>/dev/null | grep -q .; then \
	  $(BIN)/cchc ingest corpus/texts --db $(OUT)/cchc.db \
	    || echo "Some files failed (listed above); serving the others."; \
	else \
	  echo "corpus/texts/ has no documents yet: serving an empty database."; \
	  $(BIN)/cchc migrate --db $(OUT)/cchc.db; \
	fi
	@echo "Datasette: http://127.0.0.1:$(PORT)/  (canned queries: http://127.0.0.1:$(PORT)/cchc)"
	$(BIN)/cchc serve --db $(OUT)/cchc.db --port $(PORT)

# Debian packages the tests need (headless Chromium for the page tests); apt-get update
# runs only when something is missing.
system-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing chromium (Debian package) for the browser tests"; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }

test: install system-deps
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) $(OUT)/extract $(OUT)/cchc.db $(OUT)/metadata.yml $(OUT)/export

# Benchmarks (never timed tests): every section of benchmarks/, results in outputs/bench.json.
bench: install
	$(BIN)/python -m benchmarks.run
