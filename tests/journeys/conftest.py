"""The users' journeys in a real browser: headless Chromium driven by Playwright, against the app
as `make run` serves it (gunicorn, analysis workers, writer) on loopback.

One server for the whole folder, with an officer, a trainer and an admin, and one published
tender imported before it starts (the guide's excerpts come from it). Every step is
photographed at 1280 and 375 pixels wide into build/screenshots/ (kept as test artefacts), and
audited by axe-core (WCAG 2.1 A and AA): a serious or critical violation fails the journey.

Skipped, with the reason printed in the test summary, when Playwright or Chromium is missing
(`make test` installs Debian's chromium when it can)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.fixtures.paths import ROOT
from tests.fixtures.served import flask_command, served, served_env
from tests.fixtures.texts import CCAP_TEXT, RC_TEXT

SHOTS = ROOT / "build" / "screenshots"
WIDTHS = (1280, 375)
CHROMIUM_FLAGS = ["--lang=fr-FR", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """async () => {
    const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}});
    return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                                   target: v.nodes[0].target.join(' ')}));
}"""
ACCOUNTS = {"alice": ("officer", "Port-Aubrac"), "tom": ("trainer", "CNFPT"), "root": ("admin", "Région")}


def password(name: str) -> str:
    return f"mot-de-passe-{name}"


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright absent : parcours navigateur ignorés")
    executable = chromium_path()
    if not executable:
        pytest.skip("Chromium absent (paquet Debian « chromium ») : parcours navigateur ignorés")
    with sync_api.sync_playwright() as p:
        # Chromium's own words (the file picker, date placeholders) in French when chromium-l10n is installed
        env = {**os.environ, "LANG": "fr_FR.UTF-8", "LANGUAGE": "fr"}
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS, env=env)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    """The served app's base URL; a published tender (the small Valbrune DCE) already stored."""
    data = tmp_path_factory.mktemp("journeys-data")
    env = served_env(data)
    for name, (role, org) in ACCOUNTS.items():
        flask_command(env, "create-user", name, "--role", role, "--org", org, "--password", password(name))
    dce = tmp_path_factory.mktemp("dce") / "dce_valbrune"
    dce.mkdir()
    (dce / "RC.txt").write_text(RC_TEXT, encoding="utf-8")
    (dce / "CCAP.txt").write_text(CCAP_TEXT, encoding="utf-8")
    flask_command(env, "import", str(dce))  # without --org: published, as a public notice would be
    with served(data) as base:
        yield base


class Session:
    """A browser context of one user (or of nobody), its console's CSP errors, and helpers."""

    def __init__(self, browser, base: str, name: str | None):
        self.browser, self.base, self.name = browser, base, name
        self.context = browser.new_context(locale="fr-FR", viewport={"width": WIDTHS[0], "height": 900},
                                           accept_downloads=True)
        self.csp_errors: list[str] = []
        self.context.on("console", self._console)
        self.page = self.context.new_page()
        if name:
            self.page.goto(base + "/login")
            self.page.fill("#name", name)
            self.page.fill("#password", password(name))
            self.page.get_by_role("button", name="Se connecter").click()
            self.page.wait_for_selector(f"text={name} · {ACCOUNTS[name][1]}")

    def _console(self, msg) -> None:
        if "Content Security Policy" in msg.text and (msg.location.get("url") or "").startswith(self.base):
            self.csp_errors.append(f"{msg.location.get('url')}: {msg.text[:120]}")

    def go(self, path: str):
        response = self.page.goto(path if path.startswith("http") else self.base + path)
        self.page.wait_for_load_state("networkidle")
        return response

    def shoot(self, name: str) -> list[Path]:
        """The page at 1280 and at 375 pixels wide (full length); at 375 nothing scrolls sideways."""
        SHOTS.mkdir(parents=True, exist_ok=True)
        written = []
        for width in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": 900 if width > 500 else 800})
            self.page.wait_for_timeout(150)
            path = SHOTS / f"{name}-{width}.png"
            self.page.screenshot(path=str(path), full_page=True)
            written.append(path)
            if width < 500:
                scroll = self.page.evaluate("document.documentElement.scrollWidth")
                assert scroll <= width + 2, f"{name}: the page scrolls sideways at {width}px ({scroll}px)"
        self.page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        return written

    def audit(self) -> list[str]:
        """axe-core on the current page, in a twin context (axe is an inline script: CSP bypassed)."""
        if not AXE.exists():
            return []
        twin = self.browser.new_context(locale="fr-FR", viewport={"width": WIDTHS[0], "height": 900},
                                        bypass_csp=True, storage_state=self.context.storage_state())
        try:
            page = twin.new_page()
            page.goto(self.page.url)
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(AXE_RUN)
        finally:
            twin.close()
        return [f"{self.page.url}: {v['id']} ({v['impact']}, {v['nodes']}x, ex. {v['target']})"
                for v in violations if v["impact"] in ("serious", "critical")]

    def step(self, name: str) -> None:
        """Photograph and audit the current page; fail on a serious accessibility violation."""
        self.shoot(name)
        problems = self.audit()
        assert not problems, "\n".join(problems)

    def close(self) -> None:
        assert not self.csp_errors, self.csp_errors[:5]
        self.context.close()


@pytest.fixture
def as_user(browser, live):
    """as_user("alice") or as_user(None): a Session, closed (and its CSP errors checked) after the test."""
    opened: list[Session] = []

    def open_session(name: str | None) -> Session:
        session = Session(browser, live, name)
        opened.append(session)
        return session

    yield open_session
    for session in opened:
        session.close()
