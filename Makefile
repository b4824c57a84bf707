# make demo: install what is missing, then check and build the sample specs into output/
# make test: install what is missing, then run the test suite
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: demo test setup system lint hypothesis goldens bench clean

demo: setup
	$(BIN)/agreements check specs
	$(BIN)/agreements build specs --out output --jobs $(JOBS)

test: setup
	$(BIN)/ruff check agreements tests benchmarks tools
	$(BIN)/ruff format --check agreements tests benchmarks tools
	$(BIN)/python -m pytest -q -n $(JOBS)

setup: system $(VENV)/.installed

system:
	@scripts/install-system-deps

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

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
	rm -rf output $(VENV) .pytest_cache
