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

.PHONY: install system-deps run test lint bench clean prefect-up prefect-down

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

# Debian packages cchc needs: Tesseract and its Vietnamese model (scanned PDFs, images),
# antiword (.doc), headless Chromium for the page tests and PostgreSQL for the Prefect
# scale-out test. Fast when present (dpkg -s);
# apt-get runs only for what is missing.
SYSTEM_DEBS := tesseract-ocr tesseract-ocr-vie antiword chromium postgresql fonts-dejavu-core
system-deps:
	@missing=""; for p in $(SYSTEM_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then echo "please install:$$missing" >&2; exit 1; fi; \
	sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	echo "installing$$missing"; \
	$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq \
	  $$missing >/dev/null

# tmux: tests/test_progress.py draws the progress bar in a real terminal (a tmux pane).
SYSTEM_DEBS += tmux

run: install system-deps
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

test: install system-deps
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) $(OUT)/extract $(OUT)/cchc.db $(OUT)/metadata.yml $(OUT)/export

# The Prefect stack of the README: server (SQLite, 127.0.0.1:4200), work pool, deployments
# and a worker; prefect-down stops exactly the processes prefect-up started.
PREFECT_PORT ?= 4200
prefect-up: install
	$(BIN)/cchc orchestrate up --port $(PREFECT_PORT)

prefect-down: install
	$(BIN)/cchc orchestrate down

# Benchmarks (never timed tests): every section of benchmarks/, results in outputs/bench.json.
# Our modules are byte-compiled first, as any Python that may write __pycache__ has them
# after one run: where PYTHONDONTWRITEBYTECODE is set, every process (each worker too)
# would compile them again from source, ~0.15 s of CPU counted as start-up.
bench: install system-deps
	$(BIN)/python -m compileall -q extractors pipeline schemas benchmarks flows.py
	$(BIN)/python -m benchmarks.run
