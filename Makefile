.PHONY: install test lint bench update-goldens docs ci

install:
	python -m pip install -e ".[test,dev]"

test:
	python -m pytest

lint:
	ruff check src tests scripts bench
	ruff format --check src tests scripts bench
	mypy

bench:
	python bench/run.py

update-goldens:
	python -m pytest tests/test_golden.py --update-goldens -q
	python scripts/gen_docs.py
	python -m pytest tests/test_examples.py --update-goldens -q
	python scripts/gen_docs.py
	git diff --stat -- tests/fixtures examples schemas docs mkdocs.yml

docs:
	python scripts/gen_docs.py
	NO_MKDOCS_2_WARNING=1 mkdocs build --strict --quiet

ci:
	bash .ci/run
