# make demo: install what is missing, then check and build the sample specs into output/
# make test: install what is missing, then run the test suite
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
# the editor's language server for tests/test_language_server.py, pinned by its package-lock.json
NODE   := .cache/node
LSP    := tools/language-server

.PHONY: demo test setup system lint hypothesis goldens bench editor-check every-language clean

demo: setup
	$(BIN)/agreements check specs
	$(BIN)/agreements build specs --out output --jobs $(JOBS)

test: setup
	$(BIN)/ruff check agreements tests benchmarks tools
	$(BIN)/ruff format --check agreements tests benchmarks tools
	$(BIN)/python -m pytest -q -n $(JOBS)

setup: system $(VENV)/.installed $(NODE)/.installed

system:
	@scripts/install-system-deps

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

$(NODE)/.installed: $(LSP)/package.json $(LSP)/package-lock.json
	@mkdir -p $(NODE)
	cp $(LSP)/package.json $(LSP)/package-lock.json $(NODE)/
	cd $(NODE) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# the planted mistakes of issue 16 through the editor's language server and `agreements check`
editor-check: setup
	$(BIN)/python -m tools.editor_check

# every partner language in every kind and document type, in every layout, DOCX and PDF (~2 min)
every-language: setup
	$(BIN)/python -m tools.every_language

lint: setup
	$(BIN)/agreements lint

# property tests with the thorough profile: 10,000 parse examples, ~250 renders (about 12 minutes)
hypothesis: setup
	HYPOTHESIS_PROFILE=thorough $(BIN)/python -m pytest -q tests/test_properties.py --hypothesis-show-statistics

goldens: setup
	$(BIN)/python -m tests.goldens

bench: setup
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf output $(VENV) .pytest_cache $(NODE)
