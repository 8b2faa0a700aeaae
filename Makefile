# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: install run dev test system browser clean

install: $(STAMP) $(NODE_STAMP) system

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

# Debian packages: Tesseract with its French data (OCR of scanned pages), LibreOffice Writer and
# Calc (legacy .doc, .rtf and .xls files of a DCE, converted; opening generated DOCX), used by the
# app; Chromium (browser tests), Redis (the shared-queue mode). Each is "what shows it is
# there:package", a command or a file. Installed when missing and when apt-get can run as root;
# otherwise what needs them (OCR, legacy files, some tests) is skipped and says why.
DEBIAN_PACKAGES := chromium:chromium redis-server:redis-server tesseract:tesseract-ocr tesseract:tesseract-ocr-fra \
	soffice:libreoffice-writer-nogui /usr/lib/libreoffice/program/libsclo.so:libreoffice-calc-nogui
system:
	@mkdir -p build; for item in $(DEBIAN_PACKAGES); do \
		cmd=$${item%%:*}; pkg=$${item#*:}; \
		if [ "$$pkg" = tesseract-ocr-fra ]; then present=$$(tesseract --list-langs 2>/dev/null | grep -qx fra && echo y); \
		elif [ "$${cmd#/}" != "$$cmd" ]; then present=$$([ -e "$$cmd" ] && echo y); \
		else present=$$(command -v $$cmd >/dev/null 2>&1 && echo y); fi; \
		[ -n "$$present" ] && continue; \
		if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
			echo "Installation de $$pkg (Debian)…"; \
			(apt-get install -y $$pkg >>build/apt.log 2>&1 || (apt-get update >>build/apt.log 2>&1 && apt-get install -y $$pkg >>build/apt.log 2>&1)) \
			|| echo "$$pkg n'a pas pu être installé (voir build/apt.log) : ce qui en a besoin (OCR, anciens formats Office, certains tests) sera ignoré."; \
		else \
			echo "$$pkg absent et non installable ici (apt-get en root requis) : ce qui en a besoin (OCR, anciens formats Office, certains tests) sera ignoré."; \
		fi; \
	done

browser: system

# gunicorn, the analysis workers (one per core) and the writer, stopped together by Ctrl-C.
run: install
	$(BIN)/flask --app app serve --host 127.0.0.1 --port 5000

# The same with Flask's development server, reloaded at each change.
dev: install
	$(BIN)/flask --app app serve --dev --host 127.0.0.1 --port 5000

# -rs prints why a test was skipped (no corpus, no browser) in the summary.
test: install
	$(BIN)/python -m pytest -q -rs

clean:
	rm -rf $(VENV) .pytest_cache node_modules build
