# Two commands for a newcomer: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
AXE_VERSION := 4.11.0

.PHONY: run test setup system-deps messages translations lint typecheck bench run-services demo-logins clean backup restore

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

# Debian packages the tests and benchmarks drive: Chromium (browser journeys), gettext
# (translations), wrk (load), poppler (PDF checks), a Bangla font (screenshots show Bangla,
# not boxes). Installed only when missing and root.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium chromium-driver"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v wrk >/dev/null || missing="$$missing wrk"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	command -v zbarimg >/dev/null || missing="$$missing zbar-tools"; \
	fc-list :lang=bn 2>/dev/null | grep -q . || missing="$$missing fonts-lohit-beng-bengali"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	  else echo "Please install:$$missing (sudo apt-get install$$missing)"; fi; \
	fi

var/vendor/axe.min.js:
	mkdir -p var/vendor
	cd var/vendor && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null && tar xzf axe-core-$(AXE_VERSION).tgz package/axe.min.js && mv package/axe.min.js axe.min.js && rm -rf package axe-core-$(AXE_VERSION).tgz

messages: $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=.venv -v0

# After adding user-facing strings: update locale/bn/LC_MESSAGES/django.po, then translate
# the new (empty) entries; `make test` fails while any is missing.
translations: $(VENV)/.installed
	$(PY) manage.py makemessages -l bn --no-obsolete --ignore=.venv --ignore=var --ignore=staticfiles --ignore=tests

setup: $(VENV)/.installed messages
	mkdir -p var
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py collectstatic --noinput -v0

# Under `make run` Zoom classes use a fake Zoom on 127.0.0.1 (clearly labelled on its pages),
# so a newcomer sees Zoom-backed classes without a Zoom account.
ZOOM_PORT ?= 8790
FAKE_ZOOM := ZOOM_BASE_URI=http://127.0.0.1:$(ZOOM_PORT)/v2 ZOOM_OAUTH_URI=http://127.0.0.1:$(ZOOM_PORT)/oauth/token \
	ZOOM_ACCOUNT_ID=fake-account ZOOM_CLIENT_ID=fake-client-id ZOOM_CLIENT_SECRET=fake-client-secret \
	ZOOM_WEBHOOK_SECRET_TOKEN=fake-webhook-secret

run: setup
	@set -e; env $(FAKE_ZOOM) $(PY) manage.py fake_zoom --port $(ZOOM_PORT) > var/fake-zoom.log 2>&1 & zoom=$$!; \
	trap 'kill $$zoom 2>/dev/null' EXIT INT TERM; sleep 1; \
	env $(FAKE_ZOOM) $(PY) manage.py seed_demo; \
	echo "Serving on http://$(HOST):$(PORT)/ (Bangla) and http://$(HOST):$(PORT)/en/ (English); fake Zoom on :$(ZOOM_PORT)"; \
	env $(FAKE_ZOOM) $(VENV)/bin/uvicorn lms.asgi:application --host $(HOST) --port $(PORT) --no-access-log

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# mypy over the service modules and lms/lib/ (which files: [tool.mypy] in pyproject.toml).
typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy

test: system-deps $(VENV)/.installed messages var/vendor/axe.min.js lint typecheck
	$(PY) -m pytest

# The production shape on one machine: PostgreSQL and Redis must be running
# (DATABASE_URL, REDIS_URL); see README "Running in production".
run-services: $(VENV)/.installed messages
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py collectstatic --noinput -v0
	WS_URL=$${WS_URL-ws://$(HOST):8001} $(VENV)/bin/honcho start

# The database and the uploaded files in one archive (var/backups/ unless OUTPUT=...), and back:
# `make restore FILE=var/backups/udyokta-....tar.gz` (REPLACE=1 to overwrite a database with data).
backup: $(VENV)/.installed
	$(PY) manage.py backup $(if $(OUTPUT),--output $(OUTPUT))

restore: $(VENV)/.installed
	@test -n "$(FILE)" || { echo "Which archive? make restore FILE=var/backups/udyokta-....tar.gz"; exit 2; }
	$(PY) manage.py restore $(FILE) $(if $(REPLACE),--replace)

bench: system-deps $(VENV)/.installed messages
	$(PY) -m tests.bench.run

clean:
	rm -rf $(VENV) staticfiles var db.sqlite3
