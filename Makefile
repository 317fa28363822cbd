# The two commands a newcomer needs: `make demo` and `make test`.
# Both create the virtual environment .venv when it is missing.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test release slides system-packages venv clean

venv: $(STAMP)

# Re-install when the dependency list or the constraints change. constraints.txt caps torch
# for this project's installs only (the package's metadata leaves it open for Colab's torch).
$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --constraint constraints.txt -e ".[dev]"
	touch $(STAMP)

## demo: build the student release, run the solutions in quick mode, autograde the example submissions
demo: $(STAMP)
	DQL_QUICK=1 $(PY) -m autograder demo --out build/demo

## test: the whole test suite (quick mode keeps training budgets small), browser tests included
test: $(STAMP) system-packages
	DQL_QUICK=1 $(PY) -m pytest

## release: regenerate notebooks/ (student versions) from solutions/ with nbgrader
release: $(STAMP)
	$(PY) -m autograder release

## slides: build the lecture decks into build/slides (front-end assets from npm, vendored)
slides: $(STAMP)
	$(PY) slides/build.py --out build/slides

## system-packages: Chromium (browser tests) and bubblewrap (grader sandbox), Debian packages
system-packages:
	@sh tests/install_system_packages.sh

clean:
	rm -rf build
