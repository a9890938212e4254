# framelab — `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: help install report lab test test-fast lint bench models clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP) ## Create .venv if missing and install pinned requirements and the helpers package

report: $(STAMP) ## Run notebooks 01..05 on the bundled seed: run folder in data/processed/run, HTML in reports/
	$(PY) -m helpers.notebooks

lab: $(STAMP) ## Open the notebooks in JupyterLab with the project's environment
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks

test: $(STAMP) ## Run every test (unit tests, the notebooks once on the seed, hostile inputs, the browser)
	$(PY) -m pytest -q

test-fast: $(STAMP) ## Run the tests that do not execute the notebooks
	$(PY) -m pytest -q -m "not notebooks"

lint: $(STAMP) ## Check the code with ruff (settings in pyproject.toml)
	$(PY) -m ruff check helpers tests benchmarks scripts

bench: $(STAMP) ## Run the benchmarks against ../shared and rewrite benchmarks/RESULTS.md figures
	$(PY) -m benchmarks.run_all

models: $(STAMP) ## Train the learned detectors from ../shared/eval into helpers/resources/models (with cards)
	$(PY) -m scripts.train_models

clean: ## Remove generated data and reports (keeps .venv)
	rm -rf data/processed reports
