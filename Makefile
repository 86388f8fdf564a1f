# Two commands for a fresh machine: `make run` and `make test`. Both set up .venv/ as needed.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint index eval bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	# torch first and pinned: the local CPU build; an unpinned torch pulls a multi-GB CUDA build.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	@if [ -n "$$TELEGRAM_BOT_TOKEN" ]; then $(BIN)/eventqa serve; else $(BIN)/eventqa chat; fi

test: $(STAMP)
	$(BIN)/ruff check bot retrieval tests
	$(BIN)/pytest -q --durations=10

index: $(STAMP)
	$(BIN)/eventqa index

eval: $(STAMP)
	$(BIN)/eventqa eval ../shared/eval/dev.jsonl

clean:
	rm -rf var .pytest_cache .ruff_cache
