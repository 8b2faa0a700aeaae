"""End to end, in headless Chromium driven by Playwright, against the real app on loopback:
background worker and child process included. Screenshots go to build/screenshots/.

Skipped, with the reason printed in the test summary, when Playwright or Chromium is missing
(`make test` installs Debian's chromium when it can)."""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from tests.fixtures.documents import pdf_bytes
from tests.fixtures.paths import ROOT
from tests.fixtures.served import flask_command, served, served_env

SHOTS = ROOT / "build" / "screenshots"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


# A three-page CCAP written for these tests: an insertion clause on page 2, an environmental
# condition and a payment term on page 3.
CCAP_PAGES = [
    ["CAHIER DES CLAUSES ADMINISTRATIVES PARTICULIERES",
     "",
     "Objet du marché : Nettoyage des locaux de la mairie de Port-Aubrac",
     "",
     "Article 1 - Allotissement",
     "Le marché est décomposé en 3 lots : lot 1 bureaux, lot 2 écoles, lot 3 gymnase.",
     "",
     "Article 2 - Variantes",
     "Les variantes sont autorisées."],
    ["Article 5 - Conditions d'exécution",
     "Le titulaire s'engage à réserver au moins 420 heures de travail à des personnes",
     "éloignées de l'emploi, au titre de l'action d'insertion prévue à l'article L2112-2",
     "du code de la commande publique.",
     "",
     "Article 6 - Critères d'attribution",
     "Prix : 60 %",
     "Valeur technique : 30 %",
     "Performance environnementale des produits d'entretien : 10 %"],
    ["Article 9 - Environnement",
     "Le titulaire devra utiliser des produits d'entretien porteurs de l'Écolabel européen",
     "ou équivalent et réduire les emballages.",
     "",
     "Article 10 - Paiement",
     "Une avance de 20 % est versée au titulaire.",
     "Le délai global de paiement est fixé à 30 jours."],
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright absent : tests navigateur ignorés")
    executable = chromium_path()
    if not executable:
        pytest.skip("Chromium absent (paquet Debian « chromium ») : tests navigateur ignorés")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """The app as `make run` serves it: gunicorn, an analysis worker and the writer."""
    data = tmp_path_factory.mktemp("live-data")
    env = served_env(data)
    flask_command(env, "create-user", "alice", "--role", "officer", "--org", "Port-Aubrac",
                  "--password", "mot-de-passe-alice")
    with served(data) as base:
        yield base


@pytest.fixture(scope="module")
def ccap_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("upload") / "CCAP-nettoyage.pdf"
    path.write_bytes(pdf_bytes(CCAP_PAGES, footer="CCAP - page {page}"))
    return path


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


CSP_ERRORS: list[str] = []


@pytest.fixture(scope="module")
def context(browser, live_server):
    """A browser session logged in as Alice through the login form; console CSP errors collected."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    def csp(msg) -> None:
        # Count what our pages and scripts do; Playwright's own injected helpers have no URL here.
        if "Content Security Policy" in msg.text and (msg.location.get("url") or "").startswith(live_server):
            CSP_ERRORS.append(f"{msg.location.get('url')}: {msg.text[:120]}")

    context.on("console", csp)
    page = context.new_page()
    page.goto(live_server + "/")
    page.get_by_role("link", name="Se connecter").click()
    page.fill("#name", "alice")
    page.fill("#password", "mot-de-passe-alice")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_selector("text=alice · Port-Aubrac")
    page.close()
    yield context
    context.close()


@pytest.fixture(scope="module")
def analysed(context, live_server, ccap_pdf):
    """Upload the PDF through the form and wait for the report; returns (report URL, polled states)."""
    page = context.new_page()
    page.goto(live_server + "/")
    shot(page, "01-accueil")
    states: list[dict] = []

    def record(response) -> None:
        if "/api/tenders/" in response.url and response.request.method == "GET":
            try:
                states.append(response.json())
            except Exception:  # noqa: BLE001 - the body of the last poll is gone once the page reloads
                pass

    page.on("response", record)
    page.set_input_files("#files", str(ccap_pdf))
    page.get_by_role("button", name="Analyser").click()
    page.wait_for_selector("#job")
    assert page.locator("#job-progress").is_visible()
    shot(page, "02-progression")
    page.reload()  # the progress survives a reload: it is kept on the server
    page.wait_for_selector("#job, h2:has-text('Score achat solidaire')")
    page.get_by_role("heading", name="Score achat solidaire").wait_for(timeout=120_000)
    url = page.url
    shot(page, "03-rapport")
    page.close()
    return url, states


def test_upload_shows_progress_then_opens_the_report(analysed, context, live_server):
    url, states = analysed
    assert "/tenders/" in url
    assert states, "the progress page polled the API"
    assert any(s["status"] in ("queued", "running") for s in states)
    tender_id = url.rstrip("/").rsplit("/", 1)[1]
    assert context.request.get(f"{live_server}/api/tenders/{tender_id}").json()["status"] == "done"
    percents = [s["progress"] for s in states]
    assert percents == sorted(percents)  # progress never goes back


def test_report_shows_score_checklist_and_levers(context, analysed):
    page = context.new_page()
    page.goto(analysed[0])
    assert page.locator("svg.chart").count() == 1
    assert page.get_by_text("Clause d'insertion : oui").is_visible()
    checklist = page.locator("#acces .checklist li")
    assert checklist.count() >= 2
    assert page.locator("#leviers article.lever").count() >= 1
    page.close()


def test_clicking_a_finding_lands_on_its_highlighted_passage(context, analysed):
    page = context.new_page()
    page.goto(analysed[0])
    link = page.locator("#clauses a.passage-link").first
    anchor = link.get_attribute("href").split("#")[1]
    link.click()
    page.wait_for_url(f"**/documents#{anchor}")
    current = page.locator("mark.current").first
    current.wait_for()
    assert current.is_visible()
    assert "420 heures" in " ".join(page.locator("mark.current").all_inner_texts())
    from playwright.sync_api import expect

    expect(current).to_be_in_viewport()  # scrolled to it (retried while fonts and layout settle)
    shot(page, "04-passage-surligne")

    page.goto(analysed[0])
    page.locator("#acces a.passage-link").first.click()
    page.locator("mark.current").first.wait_for()
    assert page.locator("mark.current").first.is_visible()
    page.close()


def test_category_filter_keeps_only_that_category(context, analysed):
    page = context.new_page()
    page.goto(analysed[0].rstrip("/") + "/documents")
    assert page.locator(".page-text mark.cat-environmental_condition").count() >= 1
    page.select_option("#category", "insertion_clause")  # submits on change
    page.wait_for_url("**category=insertion_clause")
    assert page.locator(".page-text mark.cat-insertion_clause").count() >= 1
    assert page.locator(".page-text mark.cat-environmental_condition").count() == 0
    page.close()


def test_pdf_export_downloads_the_report(context, analysed):
    import pypdfium2

    page = context.new_page()
    page.goto(analysed[0])
    with page.expect_download() as info:
        page.get_by_role("link", name="Rapport PDF").click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    pdf = pypdfium2.PdfDocument(data)
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Nettoyage des locaux" in text and "Score achat solidaire" in text
    page.close()


def test_quick_check_lists_barriers_without_an_account(browser, live_server):
    page = browser.new_page(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page.goto(live_server + "/check")
    page.fill("#text", "\n".join(sum(CCAP_PAGES, [])) + "\nLe candidat justifiera d'un chiffre d'affaires annuel"
              " minimum de 2 000 000 euros.")
    page.get_by_role("button", name="Vérifier", exact=True).click()
    page.locator("#resultat").wait_for(timeout=60_000)
    assert page.locator("#resultat .checklist li.barrier").count() >= 1
    shot(page, "05-puis-je-repondre")
    page.close()


def test_list_dashboard_and_compare_pages(context, live_server, analysed):
    page = context.new_page()
    page.goto(live_server + "/tenders?category=insertion_clause")
    assert page.locator("table.list tbody tr").count() == 1
    shot(page, "06-liste")
    page.goto(live_server + "/dashboard")
    assert page.locator("svg.chart").count() == 4
    shot(page, "07-tableau-de-bord")
    tender_id = analysed[0].rstrip("/").rsplit("/", 1)[1]
    page.goto(f"{live_server}/compare?a={tender_id}&b={tender_id}")
    assert page.locator("table.compare").is_visible()
    shot(page, "08-comparaison")
    page.close()


def test_report_reads_on_a_phone(browser, context, analysed):
    phone = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844}, is_mobile=True,
                                storage_state=context.storage_state())
    page = phone.new_page()
    page.goto(analysed[0])
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the page scrolls sideways ({width}px)"
    shot(page, "09-rapport-mobile")
    phone.close()


def test_keyboard_reaches_the_upload_form(browser, live_server):
    page = browser.new_page(locale="fr-FR")
    page.goto(live_server + "/")
    page.keyboard.press("Tab")  # first stop: the skip link
    assert page.evaluate("document.activeElement.textContent.trim()") == "Contenu"
    page.keyboard.press("Enter")
    deadline = time.time() + 5
    while page.evaluate("document.activeElement.id") != "contenu" and time.time() < deadline:
        time.sleep(0.1)
    assert page.evaluate("document.activeElement.id") == "contenu"
    page.close()


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """async () => {
    const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}});
    return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                                   target: v.nodes[0].target.join(' ')}));
}"""


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_RUN)


def test_main_pages_have_no_serious_accessibility_violation(browser, context, live_server, analysed):
    """axe-core (WCAG 2.1 A and AA rules) on each main page: contrast, labels, landmarks, names."""
    if not AXE.exists():
        pytest.skip("axe-core absent (npm) : audit d'accessibilité ignoré")
    # axe is injected as an inline script, which our Content-Security-Policy rightly blocks.
    audit = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}, bypass_csp=True,
                                storage_state=context.storage_state())
    page = audit.new_page()
    page.set_content("<p style='color:#eee'>pâle</p><img src='x.png'>")  # the audit does find problems
    assert {"image-alt", "color-contrast"} <= {v["id"] for v in axe_violations(page)}

    base = analysed[0].rstrip("/").replace(live_server, "")
    tender_id = base.rsplit("/", 1)[1]
    paths = ["/", "/check", "/tenders", "/dashboard", f"/compare?a={tender_id}&b={tender_id}", "/guide",
             base, base + "/documents", "/login"]
    impacts = os.environ.get("AXE_IMPACTS", "serious,critical").split(",")
    problems = []
    for path in paths:
        page.goto(live_server + path)
        problems += [f"{path}: {v['id']} ({v['impact']}, {v['nodes']}x, e.g. {v['target']})"
                     for v in axe_violations(page) if v["impact"] in impacts]
    audit.close()
    assert not problems, "\n".join(problems)


def test_another_organisation_is_told_the_tender_does_not_exist(browser, live_server, analysed):
    page = browser.new_page(locale="fr-FR")
    response = page.goto(analysed[0])  # anonymous: the tender is private to Port-Aubrac
    assert response.status == 404 and page.get_by_role("heading", name="Page introuvable").is_visible()
    page.close()


def test_no_page_breaks_the_content_security_policy(analysed, context, live_server):
    # Runs after the others in this module (pytest keeps file order): every page they opened counts.
    page = context.new_page()
    for path in ("/", "/check", "/tenders", "/dashboard", "/guide"):
        page.goto(live_server + path)
    page.close()
    assert not CSP_ERRORS, CSP_ERRORS[:5]
