# Math for ML Engineers. The two commands a learner needs: `make lab` and `make test`.
# Both create .venv and install the pinned project on first use.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
JUPYTER := $(VENV)/bin/jupyter
STAMP := $(VENV)/.installed
WORKSPACE ?= workspace
PORT ?= 8888
# Jupyter refuses to run as root (as in some containers) unless told to.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
# The browser layer (tests marked browser): one JupyterLab and one Chromium at a time, no
# xdist, one pytest process per file (Playwright's sync API allows one browser per process).
BROWSER_FILES := tests/test_browser.py tests/test_browser_progress.py tests/test_instructor_formgrader.py \
	tests/test_instructor_mathjax.py
BROWSER_PYTEST := status=0; for file in $(BROWSER_FILES); do \
	$(PY) -m pytest -p no:xdist -m browser $$file $(BROWSER_ARGS) || status=$$?; done; test $$status -eq 0
# Its Playwright (the `browser` extra), for a .venv made before the stamp installed it.
BROWSER_DEPS := $(PY) -c "import playwright" 2>/dev/null || $(PY) -m pip install --quiet \
	--disable-pip-version-check -c constraints.txt -e ".[browser]"
# nbgrader runs helper commands (alembic) found on PATH.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: lab progress instructor test check test-chapter browser-test release grade bench lint nbdime clean-venv

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[test,dev,browser]"
	touch $(STAMP)

## lab: copy new chapters into $(WORKSPACE)/ (never overwriting your files) and open JupyterLab there
## (its kernels record quiz answers in $(WORKSPACE)/.progress/, see utils/progress.py)
lab: $(STAMP)
	$(PY) tools/workspace.py chapters $(WORKSPACE)
	COURSE_WORKSPACE=$(abspath $(WORKSPACE)) \
	JUPYTER_CONFIG_DIR=$(CURDIR)/jupyter/learner \
	JUPYTERLAB_SETTINGS_DIR=$(abspath $(WORKSPACE))/.jupyter/settings \
	JUPYTERLAB_WORKSPACES_DIR=$(abspath $(WORKSPACE))/.jupyter/workspaces \
	$(JUPYTER) lab --notebook-dir=$(WORKSPACE) --port=$(PORT) $(ALLOW_ROOT)

## progress: grade $(WORKSPACE)/ with every test, hidden ones included (in a temporary copy), print a
## table and write $(WORKSPACE)/progress.html and progress.json (one chapter: CHAPTER=NN-slug)
progress: $(STAMP)
	$(PY) tools/progress.py --workspace $(WORKSPACE) $(if $(CHAPTER),--chapter $(CHAPTER))

## instructor: JupyterLab on the course root with nbgrader's formgrader and create-assignment tools
instructor: $(STAMP)
	JUPYTER_CONFIG_DIR=$(CURDIR)/jupyter/instructor \
	JUPYTERLAB_SETTINGS_DIR=$(CURDIR)/.jupyter-instructor/settings \
	JUPYTERLAB_WORKSPACES_DIR=$(CURDIR)/.jupyter-instructor/workspaces \
	$(JUPYTER) lab --notebook-dir=. --port=$(PORT) $(ALLOW_ROOT)

## test: every test layer (unit, notebooks, nbgrader, release, hygiene) on both cores, then the
## browser layer on its own (JupyterLab + Chromium need both cores; skipped without chromium)
test: $(STAMP)
	$(BROWSER_DEPS)
	status=0; \
	$(PY) -m pytest -n 2 --dist loadscope -m "not browser" || status=$$?; \
	( $(BROWSER_PYTEST) ) || status=$$?; \
	exit $$status

## browser-test: drive `make lab`'s JupyterLab in headless Chromium (needs Debian's chromium)
browser-test: $(STAMP)
	$(BROWSER_DEPS)
	$(BROWSER_PYTEST)

## release: regenerate chapters/ from solutions/ with nbgrader (one chapter: CHAPTER=NN-slug)
release: $(STAMP)
	$(PY) tools/release.py solutions chapters $(if $(CHAPTER),--chapter $(CHAPTER))

## grade: autograde submitted/, write feedback/, grades*.csv and integrity.csv (one chapter: CHAPTER=NN-slug; JOBS=N processes)
grade: $(STAMP)
	$(PY) tools/grade.py $(if $(CHAPTER),--chapter $(CHAPTER)) $(if $(JOBS),--jobs $(JOBS))

## bench: measure the speed targets (docs/benchmarks.md) and print them beside the targets, then grading (a class of STUDENTS, default 30, with JOBS=1 and 2; CHAPTERS=00-start-here,01-vectors to limit)
bench: $(STAMP)
	$(PY) tools/bench.py
	$(PY) tools/bench_grading.py --students $(or $(STUDENTS),30) --jobs $(or $(JOBS),1 2) $(if $(CHAPTERS),--chapters $(CHAPTERS))

## check: the fast loop, about a minute: ruff on the code and the solution notebooks, then the unit layer
check: lint
	$(PY) -m pytest -n 2 tests -m "not notebooks and not grading and not browser"

## test-chapter: every layer for one chapter (CHAPTER=NN-slug)
test-chapter: $(STAMP)
	@test -n "$(CHAPTER)" || { echo "usage: make test-chapter CHAPTER=NN-slug"; exit 2; }
	$(PY) -m pytest -n 2 --dist loadscope -m "not browser" --chapter $(CHAPTER)

## lint: ruff on utils, tests, tools and the solution notebooks (at the learner's 100 columns)
lint: $(STAMP)
	$(VENV)/bin/ruff check utils tests tools solutions

## nbdime: notebook-aware git diffs and merges in this clone (git diff shows cells, not JSON)
nbdime: $(STAMP)
	$(VENV)/bin/nbdime config-git --enable

clean-venv:
	rm -rf $(VENV)
