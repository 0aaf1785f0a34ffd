# Två kommandon räcker: `make report` och `make test` (se README.md); `make test-fast` under arbetet.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
YEAR ?= 2018

.PHONY: install report plan test test-fast validate bench data-sie clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

report: install
	$(BIN)/gns report --year $(YEAR) --data data --out outputs

plan: install
	$(BIN)/gns plan --year $(YEAR) --data data --out outputs

validate: install
	$(BIN)/gns validate --data data

test: install
	$(BIN)/python -m pytest

# Allt utom notebookkörning och webbläsare (markeringen slow): för arbetet mellan ändringarna.
test-fast: install
	$(BIN)/python -m pytest -m "not slow"

bench: install
	$(BIN)/python benchmarks/bench_ledger.py
	$(BIN)/python benchmarks/bench_batch.py
	$(BIN)/python benchmarks/bench_monthly.py
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_sie.py

# Skriver om data-sie/ (exempelnämnden ur SIE-filer) ur data/ efter en ändring där.
data-sie: install
	$(BIN)/python tools/sie_exempel.py --data data --out data-sie

clean:
	rm -rf $(VENV) outputs/*/ .pytest_cache
