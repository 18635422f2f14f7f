# trialsite: `make site` builds the website, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
BENCH_STAMP := $(VENV)/.installed-bench
# `make lock` and `make test-latest` work in venvs of their own, never in .venv.
LOCK_VENV := .venv-lock
LATEST_VENV := .venv-latest
UV_VERSION := 0.13.9

.PHONY: site test test-latest lock serve check bench fuzz screenshots browser-deps clean messages

site: $(STAMP)
	$(BIN)/trialsite build
	@echo "The site is in site/. To look at it: make serve, then open $$($(BIN)/trialsite serve --print-url)"

serve: $(STAMP)
	$(BIN)/trialsite serve

check: $(STAMP)
	$(BIN)/trialsite check

# After adding or changing a UI string in templates/ or generator/render, generator/gates: the
# template catalog and each language's UI catalog, then translate the entries it lists.
messages: $(STAMP)
	$(BIN)/python tools/ui_messages.py

test: $(TEST_STAMP) browser-deps
	$(BIN)/pytest

# 10,000 generated inputs per importer and for the loader (issue 8); `make test` runs a few hundred.
fuzz: $(TEST_STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest tests/test_fuzz.py -q

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --require-hashes -r requirements-pip.lock

# Every install takes the exact versions of a committed lock, each file checked against its
# hash, then trialsite itself without dependencies: a fresh clone gets what CI tested, whatever
# the package index serves today (issue 12). The lock holds setuptools, trialsite's build
# backend, so the project builds without fetching anything unpinned. The install is editable
# (templates/ sits beside generator/); setuptools' UserWarning that a folder named like the
# package shadows it is silenced: that folder is the package.
define install_locked
	$(PIP) install --require-hashes -r $(1)
	PYTHONWARNINGS=ignore::UserWarning $(PIP) install --no-deps --no-build-isolation -e .
	touch $@
endef

$(STAMP): requirements.lock pyproject.toml | $(VENV)/bin/python
	$(call install_locked,requirements.lock)

$(TEST_STAMP): requirements-test.lock pyproject.toml | $(VENV)/bin/python
	$(call install_locked,requirements-test.lock)
	touch $(STAMP)

$(BENCH_STAMP): requirements-bench.lock pyproject.toml | $(VENV)/bin/python
	$(call install_locked,requirements-bench.lock)
	touch $(STAMP)

# Refresh the locks (pip's own, then site, test and bench) to the newest versions pyproject.toml's ranges allow. One resolution
# of every extra first, then each lock within it, so a package has the same version in all.
# uv, not pip-tools: `--universal` writes one lock valid on Linux, macOS and Windows and every
# Python >= 3.11 (pip-compile resolves for the machine it runs on only), in seconds.
LOCK_FLAGS := --universal --python-version 3.11 --quiet --no-annotate
lock:
	test -x $(LOCK_VENV)/bin/uv || { $(PYTHON) -m venv $(LOCK_VENV) && \
	  $(LOCK_VENV)/bin/python -m pip install --quiet uv==$(UV_VERSION); }
	$(LOCK_VENV)/bin/uv pip compile pyproject.toml tools/build-requirements.in \
	  tools/pip-requirements.in --all-extras $(LOCK_FLAGS) --upgrade --no-header \
	  -o $(LOCK_VENV)/all.txt
	$(LOCK_VENV)/bin/uv pip compile tools/pip-requirements.in \
	  -c $(LOCK_VENV)/all.txt $(LOCK_FLAGS) --generate-hashes \
	  --custom-compile-command "make lock" -o requirements-pip.lock
	$(LOCK_VENV)/bin/uv pip compile pyproject.toml tools/build-requirements.in \
	  -c $(LOCK_VENV)/all.txt $(LOCK_FLAGS) --generate-hashes \
	  --custom-compile-command "make lock" -o requirements.lock
	$(LOCK_VENV)/bin/uv pip compile pyproject.toml tools/build-requirements.in --extra test \
	  -c $(LOCK_VENV)/all.txt $(LOCK_FLAGS) --generate-hashes \
	  --custom-compile-command "make lock" -o requirements-test.lock
	$(LOCK_VENV)/bin/uv pip compile pyproject.toml tools/build-requirements.in --extra bench \
	  -c $(LOCK_VENV)/all.txt $(LOCK_FLAGS) --generate-hashes \
	  --custom-compile-command "make lock" -o requirements-bench.lock

# The suite against the newest versions the ranges allow, in a venv of its own: drift is found on
# purpose, not by surprise. Prints what differs from the lock first.
test-latest: browser-deps
	rm -rf $(LATEST_VENV)
	$(PYTHON) -m venv $(LATEST_VENV)
	$(LATEST_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
	  --upgrade --upgrade-strategy eager -e '.[test]'
	$(LATEST_VENV)/bin/python tools/lock_drift.py requirements-test.lock || true
	$(LATEST_VENV)/bin/pytest -m "not locked"

# Every page type, both languages, desktop and phone, into the git-ignored screenshots/.
screenshots: $(TEST_STAMP) browser-deps
	$(BIN)/python tools/screenshots.py --out screenshots

# Browser tests use Debian's Chromium (no browser download) and axe-core from npm.
browser-deps:
	@bash tools/install-browser-deps.sh

# Registry scale (issues 7 and 20): `make bench`, or `make bench TRIALS="1000 10000" SERVE=1`
# (SERVE also times the preview's rebuild after an edit; WORK=DIR keeps the built registries
# there). Writes benchmarks/results/latest.json; 1,000 trials take several minutes; a real
# 10,000-trial build needs about 2,500 CPU seconds (see README: benchmarks/assemble.py). Installs Pagefind and, for the browser measurements, the test lock
# (Playwright) and Chromium.
bench: $(TEST_STAMP) $(BENCH_STAMP) browser-deps
	$(BIN)/python -m benchmarks.run $(if $(TRIALS),--trials $(TRIALS)) $(if $(SERVE),--serve) \
	  $(if $(WORK),--work $(WORK))

clean:
	rm -rf site .trialsite-cache screenshots $(LATEST_VENV) $(LOCK_VENV)
