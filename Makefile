# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: install run test browser clean

install: $(STAMP) $(NODE_STAMP)

# Reinstall only when requirements.txt changes: `make install` is idempotent.
$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# The French State design system (DSFR) from npm, served by the app itself (no CDN at run time).
# --ignore-scripts: the package's preinstall hook wants a project scaffold we don't use.
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP); \
	else \
		echo "npm absent : le DSFR ne sera pas servi, les pages restent lisibles avec static/style.css."; \
	fi

# Debian's Chromium for the browser tests; without it they are skipped, with the reason printed.
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
		mkdir -p build; \
		if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
			echo "Installation de Chromium (Debian) pour les tests navigateur…"; \
			(apt-get install -y chromium >build/chromium-install.log 2>&1 \
			 || (apt-get update >>build/chromium-install.log 2>&1 && apt-get install -y chromium >>build/chromium-install.log 2>&1)) \
			|| echo "Chromium n'a pas pu être installé (voir build/chromium-install.log) : tests navigateur ignorés."; \
		else \
			echo "Chromium absent et non installable ici (apt-get en root requis) : tests navigateur ignorés."; \
		fi; \
	fi

run: install
	$(BIN)/flask --app app run --host 127.0.0.1 --port 5000

# -rs prints why a test was skipped (no corpus, no browser) in the summary.
test: install browser
	$(BIN)/python -m pytest -q -rs

clean:
	rm -rf $(VENV) .pytest_cache node_modules build
