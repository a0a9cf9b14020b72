# Two commands set up a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CONFIG ?= config.toml
# The suite waits on sockets, subprocesses and PostgreSQL much of the time: three workers on two
# cores (measured: 8:37 for SQLite and PostgreSQL, against 9:56 with two).
TEST_WORKERS ?= 3

.PHONY: run test lint format bench soak install eval

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

run: install
	$(BIN)/mailer --config $(CONFIG) init --no-input
	$(BIN)/mailer --config $(CONFIG) serve

test: install
	$(BIN)/pytest -n $(TEST_WORKERS)

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy mailer

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python -m benchmarks

# The recap reader on the evaluation set (eval/recaps/README.md): precision and recall per field.
eval: install
	$(BIN)/python -m eval

# Long runs: tests marked soak (5,000 corpus mutations...), 50 SIGKILLs of `mailer serve`
# under load, and memory over 50,000 messages.
soak: install
	$(BIN)/pytest -m soak
	MAILER_KILL_ROUNDS=50 $(BIN)/pytest -k sqlite tests/inbound/test_kill_during_delivery.py
	$(BIN)/python -m benchmarks memory
