# trialsite: `make site` builds the website, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: site test serve check bench fuzz screenshots browser-deps clean

site: $(STAMP)
	$(BIN)/trialsite build

serve: $(STAMP)
	$(BIN)/trialsite serve

check: $(STAMP)
	$(BIN)/trialsite check

test: $(TEST_STAMP) browser-deps
	$(BIN)/pytest

# 10,000 generated inputs per importer and for the loader (issue 8); `make test` runs a few hundred.
fuzz: $(TEST_STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest tests/test_fuzz.py -q

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $@

# Every page type, both languages, desktop and phone, into the git-ignored screenshots/.
screenshots: $(TEST_STAMP) browser-deps
	$(BIN)/python tools/screenshots.py --out screenshots

# Browser tests use Debian's Chromium (no browser download) and axe-core from npm.
browser-deps:
	@bash tools/install-browser-deps.sh

# Registry scale (issue 7): `make bench`, or `make bench TRIALS="100 1000" SERVE=1` (SERVE also
# times the preview's rebuild after an edit). Writes benchmarks/results/latest.json; the
# N=1000 run takes several minutes. Installs Pagefind, weighed against Material's search.
bench: $(BENCH_STAMP)
	$(BIN)/python -m benchmarks.run $(if $(TRIALS),--trials $(TRIALS)) $(if $(SERVE),--serve)

clean:
	rm -rf site .trialsite-cache screenshots
