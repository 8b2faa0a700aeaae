"""The procurement officer's journey: upload a DCE, follow the progress, read the report, jump to
a passage, export the PDF, compare, publish after confirming, delete after confirming."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.fixtures.documents import pdf_bytes

# A three-page CCAP and an RC written for these tests.
CCAP_PAGES = [
    ["CAHIER DES CLAUSES ADMINISTRATIVES PARTICULIERES", "",
     "Objet du marche : Nettoyage des locaux de la mairie de Port-Aubrac", "",
     "Article 1 - Allotissement",
     "Le marche est decompose en 3 lots : lot 1 bureaux, lot 2 ecoles, lot 3 gymnase.", "",
     "Article 2 - Variantes", "Les variantes sont autorisees."],
    ["Article 5 - Conditions d'execution",
     "Le titulaire s'engage a reserver au moins 420 heures de travail a des personnes",
     "eloignees de l'emploi, au titre de l'action d'insertion prevue a l'article L2112-2",
     "du code de la commande publique.", "",
     "Article 6 - Penalites",
     "Les penalites de retard sont plafonnees a 10 % du montant du marche."],
    ["Article 9 - Environnement",
     "Le titulaire devra utiliser des produits d'entretien porteurs de l'Ecolabel europeen",
     "ou equivalent et reduire les emballages.", "",
     "Article 10 - Paiement", "Une avance de 20 % est versee au titulaire.",
     "Le delai global de paiement est fixe a 30 jours."],
]
RC = """REGLEMENT DE LA CONSULTATION

Objet de la consultation : Nettoyage des locaux de la mairie de Port-Aubrac

Date limite de remise des offres : 15 décembre 2026 à 12 h 00

Article 4 - Critères de jugement des offres
Prix des prestations : 60 %
Valeur technique : 30 %
Performance environnementale des produits d'entretien : 10 %

Les groupements d'entreprises sont autorisés.
"""


@pytest.fixture(scope="module")
def dce(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("upload")
    ccap, rc = folder / "CCAP-nettoyage.pdf", folder / "RC-nettoyage.txt"
    ccap.write_bytes(pdf_bytes(CCAP_PAGES, footer="CCAP - page {page}"))
    rc.write_text(RC, encoding="utf-8")
    return [rc, ccap]


def confirm(session, start: str, link: tuple[str, str], warning: str, shot: str, button: tuple[str, str]) -> None:
    """From `start`, follow the link to its confirmation page, read the warning, confirm."""
    session.go(start)
    session.page.get_by_role("link", name=link[0]).click()
    session.page.wait_for_url(f"**{link[1]}")
    assert session.page.get_by_text(warning).is_visible()
    session.step(shot)
    session.page.get_by_role("button", name=button[0]).click()
    session.page.wait_for_url(button[1])


def test_the_officer_journey(as_user, dce):
    import pypdfium2
    from playwright.sync_api import expect

    alice = as_user("alice")
    page = alice.page
    alice.go("/")
    alice.step("officier-01-accueil")

    # upload the DCE; the progress page polls the API and survives a reload
    states: list[dict] = []

    def record(response) -> None:
        if "/api/tenders/" in response.url and response.request.method == "GET":
            try:
                states.append(response.json())
            except Exception:  # noqa: BLE001 - the body of the last poll is gone once the page reloads
                pass

    page.on("response", record)
    page.set_input_files("#files", [str(p) for p in dce])
    # one poll answered in full before the reload (a fast analysis may need no second one)
    with page.expect_response(lambda r: "/api/tenders/" in r.url and r.request.method == "GET",
                              timeout=60_000) as first:
        page.get_by_role("button", name="Analyser").click()
        page.wait_for_selector("#job")
    first.value.finished()
    try:
        first_state = first.value.json()  # read now: the handler's copy may be lost to the reload below
    except Exception:  # noqa: BLE001 - a fast analysis moves the page on and the browser drops the body
        first_state = page.request.get(first.value.url).json()  # the same URL, asked again with the session
    alice.shoot("officier-02-progression")
    page.reload()
    page.get_by_role("heading", name="Score achat solidaire").wait_for(timeout=180_000)
    report_url = page.url
    tender_id = int(report_url.rstrip("/").rsplit("/", 1)[1])
    states = states or [first_state]
    assert [s["progress"] for s in states] == sorted(s["progress"] for s in states)

    # the report: French everywhere, levers ranked with why, a chart
    alice.go(report_url)
    assert page.get_by_text("Clause d'insertion : oui").is_visible()
    assert page.locator("svg.chart").count() == 1
    levers = page.locator("#leviers article.lever")
    assert levers.count() >= 1 and "Pourquoi ici" in levers.first.inner_text()
    documents = page.locator("table.docs").inner_text()
    assert "Cahier des clauses administratives particulières" in documents and "OTHER" not in documents
    alice.step("officier-03-rapport")

    # a passage: the link lands on its page of its document, outlined, never cut mid-word
    link = page.locator("#clauses tr", has_text="420 heures").locator("a.passage-link")
    href = link.get_attribute("href")
    assert re.search(r"/documents\?doc=\d+&page=\d+#clause-\d+$", href)
    link.click()
    page.wait_for_url(re.compile(r"/documents\?doc=\d+&page=\d+#clause-\d+$"))
    current = page.locator("mark.current").first
    current.wait_for()
    expect(current).to_be_in_viewport()
    marked = " ".join(page.locator("mark.current").all_inner_texts()).strip()
    assert "420 heures" in marked and marked.startswith("Le titulaire") and marked.endswith("publique.")
    assert page.locator(".page-text").count() == 1  # one page at a time
    assert page.locator("nav[aria-label='Pages du document']").is_visible()
    alice.step("officier-04-passage")

    # the PDF export: in French, with the criteria, the documents and the chart
    alice.go(report_url)
    with page.expect_download() as info:
        page.get_by_role("link", name="Rapport PDF").click()
    pdf = pypdfium2.PdfDocument(Path(info.value.path()).read_bytes())
    printed = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    for expected in ("Nettoyage des locaux", "Score achat solidaire", "Critères d'attribution", "Documents lus",
                     "Prix des prestations", "Accès des petites structures", "Leviers recommandés"):
        assert expected in printed, expected
    assert "environmental" not in printed and "mandatory" not in printed

    # compare: the report's link pre-selects this tender and suggests another
    page.get_by_role("link", name="Comparer à un autre dossier").click()
    page.wait_for_url(f"**/compare?a={tender_id}")
    assert page.locator(f"#cmp-a option[value='{tender_id}']").evaluate("o => o.selected")
    alice.step("officier-05-comparer")

    # publish, after the confirmation page
    confirm(alice, report_url, ("Publier…", f"/tenders/{tender_id}/publication"), "Un dossier publié est visible de tous",
            "officier-06-confirmer-publication", ("Publier pour tous", report_url))
    assert page.locator(".visibility .fr-badge--success").inner_text().strip().lower() == "publié"

    # "Mes dossiers", sortable
    alice.go("/mes-dossiers")
    assert page.locator("table.list tbody tr").count() >= 1
    page.get_by_role("link", name=re.compile("^Score")).click()
    page.wait_for_url("**/mes-dossiers?tri=-score")
    alice.step("officier-07-mes-dossiers")
    alice.go("/tenders")
    assert alice.page.locator("table.list tbody tr").count() >= 1
    alice.step("officier-08-liste")
    alice.go("/dashboard")
    assert alice.page.locator("svg.chart").count() == 4
    alice.step("officier-09-tableau-de-bord")

    # delete, after the confirmation page: everything goes
    confirm(alice, report_url, ("Supprimer…", f"/tenders/{tender_id}/suppression"), "La suppression est définitive",
            "officier-10-confirmer-suppression", ("Supprimer définitivement", "**/mes-dossiers"))
    assert page.get_by_text("a été supprimé").is_visible()
    assert alice.go(report_url).status == 404
    assert alice.context.request.get(f"{alice.base}/api/search?q=Port-Aubrac").json()["hits"] == []


def test_the_admin_reads_the_audit_log(as_user):
    root = as_user("root")
    root.go("/journal")
    assert root.page.get_by_role("heading", name="Journal des publications et suppressions").is_visible()
    assert root.page.get_by_text(re.compile(r"\d+ opérations?, la plus récente d'abord")).is_visible()
    root.step("admin-01-journal")


def test_another_organisation_and_anonymous_visitors_are_told_it_does_not_exist(as_user):
    nobody = as_user(None)
    nobody.go("/mes-dossiers")
    assert "/login" in nobody.page.url
    response = nobody.go("/tenders/99999")
    assert response.status == 404 and nobody.page.get_by_role("heading", name="Page introuvable").is_visible()


def test_the_keyboard_reaches_the_content_first(as_user):
    nobody = as_user(None)
    nobody.go("/")
    nobody.page.keyboard.press("Tab")  # first stop: the skip link
    assert nobody.page.evaluate("document.activeElement.textContent.trim()") == "Contenu"
    nobody.page.keyboard.press("Enter")
    nobody.page.wait_for_function("document.activeElement.id === 'contenu'", timeout=5000)
