# Soft Landing course: one entry point for users, teachers, developers and CI.
#   make start      set everything up, then open the student's own copy of the course in JupyterLab
#                   (my_course/, self-study edition; EDITION=class for a class without worked answers;
#                   a rebuild adds what is new and never overwrites what the student changed)
#   make teacher    open a copy of the teacher edition (worked answers and teaching notes) in JupyterLab
#                   (teacher_course/, kept up to date like my_course/; notebooks/ itself is never served)
#   make test       run the whole test suite (helpers, data, notebooks with nbval, structure, browser)
#   make check      the fast loop: ruff, then every test but the browser and nbval (no notebook runs)
#   make setup      only set up .venv (what start does first)
#   make notebooks  rebuild every notebook from its source in notebooks/_sources/ and execute it
#                   (jupytext syncs the cells, keeping cell ids; nbconvert executes top to bottom)
#   make notebook NB=01_the_deterrent   rebuild one notebook
#   make editions   build the three editions (teacher, self-study, class) into build/editions/
#   make bench      time every what-if (median and 95th percentile per update, kernel side), then
#                   executing all notebooks headless against as many that only import the stack, then
#                   (where Debian's chromium is installed) a key press to the new picture in JupyterLab
#   make check-minimums  run `make check` in a throwaway venv in /tmp with every declared minimum version
#   make bench-browser  time a slider end to end in JupyterLab in headless Chromium
#   make app        app mode for a discussion class: every notebook's panels without code (Voila),
#                   on 127.0.0.1:8866, from the class edition built into build/app/
#   make classroom  a whole class on this machine: JupyterHub on 127.0.0.1:8000 with a roster of
#                   STUDENTS=3 (a number or names separated by commas) and a teacher, class folder
#                   CLASS_DIR=classroom (students' work and roster.csv with the passwords); Ctrl-C stops it
#   make class-summary DIR=folder   the class summary of a folder of exported verdicts (notebook 06)
#   make site       the teacher's static site of the whole course (stored outputs, course map, claims,
#                   sources, teacher guide) into build/site/ (open build/site/index.html; print to PDF)
#   make guide      the teacher guide alone (90-minute seminar and three 45-minute lessons per notebook)
#                   into build/guide/ (teacher_guide.html and teacher_guide.md)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SOURCES := $(sort $(wildcard notebooks/_sources/[0-9]*.md))
COURSE_DIR ?= my_course
EDITION ?= self-study
TEACHER_DIR ?= teacher_course
# JupyterLab as the course serves it: localhost with a token, no update check, no news pop-up, and the
# kernel's small messages sent at once (helpers/server.py).
LAB = $(BIN)/jupyter lab --ip=127.0.0.1 \
	--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate --LabApp.news_url=None \
	--LabApp.default_url=/lab/tree/00_start_here.ipynb \
	--ServerApp.kernel_websocket_connection_class=helpers.server.KernelConnection $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: setup start teacher app classroom test check check-minimums notebooks notebook editions student bench bench-browser class-summary site guide clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,classroom,site]"
	touch $(STAMP)

setup: $(STAMP)

start: $(STAMP)
	$(BIN)/python -m helpers.editions sync $(COURSE_DIR) --edition $(EDITION)
	$(LAB) --ServerApp.root_dir=$(COURSE_DIR)

teacher: $(STAMP)
	$(BIN)/python -m helpers.editions sync $(TEACHER_DIR) --edition teacher
	$(LAB) --ServerApp.root_dir=$(TEACHER_DIR)

app: $(STAMP)
	$(BIN)/python -m helpers.app --folder build/app

CLASS_DIR ?= classroom
STUDENTS ?= 3
CLASS_IP ?= 127.0.0.1
CLASS_PORT ?= 8000
classroom: $(STAMP)
	$(BIN)/python -m helpers.hub start --folder $(CLASS_DIR) --students $(STUDENTS) --ip $(CLASS_IP) --port $(CLASS_PORT)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -o addopts="-p no:cacheprovider" -m "not browser and not hub and not site" tests

MIN_VENV := /tmp/soft-landing-minimums
check-minimums:
	rm -rf $(MIN_VENV) && $(PYTHON) -m venv $(MIN_VENV)
	$(PYTHON) .ci/minimums.py > $(MIN_VENV)/minimums.txt
	$(MIN_VENV)/bin/python -m pip install --quiet -c $(MIN_VENV)/minimums.txt -e ".[test,classroom,site]"
	$(MIN_VENV)/bin/ruff check .
	$(MIN_VENV)/bin/python -m pytest -q -o addopts="-p no:cacheprovider" -m "not browser and not hub and not site" tests

notebooks: $(STAMP)
	@for src in $(SOURCES); do \
		nb=$$(basename $$src .md); \
		$(MAKE) --no-print-directory notebook NB=$$nb || exit 1; \
	done

notebook: $(STAMP)
	@test -n "$(NB)" || { echo "usage: make notebook NB=01_the_deterrent"; exit 2; }
	$(BIN)/jupytext --quiet --to ipynb --update --output notebooks/$(NB).ipynb notebooks/_sources/$(NB).md
	$(BIN)/jupyter nbconvert --log-level=WARN --to notebook --execute --inplace notebooks/$(NB).ipynb

editions: $(STAMP)
	@for e in teacher self-study class; do $(BIN)/python -m helpers.editions build $$e build/editions/$$e || exit 1; done

student: editions

bench: $(STAMP)
	@status=0; $(BIN)/python benchmarks/whatif_speed.py || status=1; echo; \
	$(BIN)/python benchmarks/notebooks_speed.py || status=1; echo; \
	if [ -x /usr/bin/chromium ]; then $(BIN)/python benchmarks/browser_latency.py || status=1; \
	else echo "end to end in JupyterLab: skipped (no /usr/bin/chromium; see .ci/run for installing it)"; fi; \
	exit $$status

bench-browser: $(STAMP)
	$(BIN)/python benchmarks/browser_latency.py

class-summary: $(STAMP)
	@test -n "$(DIR)" || { echo "usage: make class-summary DIR=folder_of_verdicts"; exit 2; }
	$(BIN)/python -m helpers.verdict_files "$(DIR)"

site: $(STAMP)
	$(BIN)/python -m helpers.site build/site

guide: $(STAMP)
	$(BIN)/python -m helpers.guide build/guide

# build/ holds only generated files; my_course/, teacher_course/ and classroom/ (students' work) are never touched.
clean:
	rm -rf build .pytest_cache
