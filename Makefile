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

.PHONY: install run test lint bench clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

run: install
	@mkdir -p $(OUT)/extract
	$(BIN)/cchc extract $$(find corpus -name '*.txt' -path '*/texts/*' | sort) -o $(OUT)/extract
	@echo "Extraction JSON written to $(OUT)/extract/ ($$(ls $(OUT)/extract | wc -l) files)"

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) $(OUT)/extract

# Benchmarks (never timed tests): every section of benchmarks/, results in outputs/bench.json.
bench: install
	$(BIN)/python -m benchmarks.run
