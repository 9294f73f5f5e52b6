# cchc: two set-up commands on a fresh machine with only Python 3.11 and make.
#   make run   install, extract the bundled corpus, say where the output is
#   make test  install with test extras, run every test
# Both are idempotent: the virtualenv is rebuilt only when pyproject.toml or
# constraints.txt change.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    := outputs

.PHONY: install system-deps run test lint bench clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

# Debian packages the converters need: Tesseract and its Vietnamese model (scanned PDFs,
# images) and antiword (.doc). Fast when present (dpkg -s); apt-get only for what is missing.
SYSTEM_DEBS := tesseract-ocr tesseract-ocr-vie antiword
system-deps:
	@missing=""; for p in $(SYSTEM_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then echo "please install:$$missing" >&2; exit 1; fi; \
	sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	echo "installing$$missing"; \
	$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq \
	  --no-install-recommends $$missing >/dev/null

run: install system-deps
	@mkdir -p $(OUT)/extract
	$(BIN)/cchc extract $$(find corpus -name '*.txt' -path '*/texts/*' | sort) -o $(OUT)/extract
	@echo "Extraction JSON written to $(OUT)/extract/ ($$(ls $(OUT)/extract | wc -l) files)"

test: install system-deps
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) $(OUT)/extract

# Benchmarks (never timed tests): every section of benchmarks/, results in outputs/bench.json.
bench: install system-deps
	$(BIN)/python -m benchmarks.run
