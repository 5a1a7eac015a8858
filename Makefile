.PHONY: install test lint update-goldens ci

install:
	python -m pip install -e ".[test,compat,dev]"

test:
	python -m pytest

lint:
	ruff check src tests
	ruff format --check src tests
	mypy

update-goldens:
	python -m pytest tests/test_golden.py --update-goldens -q
	git diff --stat -- tests/fixtures

ci:
	bash .ci/run
