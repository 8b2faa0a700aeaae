"""No English word of the interface: the visible strings of every page, of the CSV export and of
the printed PDFs (report, guide, exercises) are read, and any English word of a small stop-list
or any identifier (insertion_clause, OTHER) fails the test with where it was seen. Identifiers
inside the JSON exports are fine: those are data, not interface."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

from tests.fixtures.accounts import logged_in, make_user
from tests.fixtures.texts import CCAP_TEXT, RC_TEXT
from tests.fixtures.web import tender_id_of, upload

# English words an interface would leak: ids, statuses, labels left untranslated.
ENGLISH = set("""
the and of with for from this that these those is are was be not yes no none null true false other others
mandatory criterion criteria optional mention environmental strength strengths barrier barriers reserved
disability fair trade done queued running unknown missing price cost quality report tender tenders
search submit upload download delete deleted publish published loading status read detect save advance payment
delay penalties references required joint bids variants visit candidacy turnover response accessibility compliance
recommendation recommendations lever levers axis rule please welcome login logout password username home
dashboard list back next previous first last more less all filter filters reset cancel error errors
warning warnings page pages documents kind format score_total grade_label see show hide open close sheet sheets
exercise exercises answer answers trainer officer admin guide_ref
""".split())
# Words of the stop-list that French uses too, or that the interface borrows on purpose.
FRENCH = {"page", "pages", "documents", "format", "admin", "guide", "score", "total", "grade", "lot", "lots",
          "site", "file", "stage", "condition", "social", "insertion", "clause", "label", "labels", "web",
          "mention", "open"} & ENGLISH
ID = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b|\b(?:OTHER|CADRE_REPONSE)\b")
WORD = re.compile(r"[A-Za-zÀ-ÿœŒ]+(?:['’][A-Za-zÀ-ÿ]+)?")


class Visible(HTMLParser):
    """The text a reader sees (not scripts or styles) and the attributes read out or shown."""

    SHOWN = ("title", "alt", "placeholder", "aria-label", "label")

    def __init__(self):
        super().__init__()
        self.strings: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        self.strings += [value for name, value in attrs if name in self.SHOWN and value]
        if tag == "input" and dict(attrs).get("type") in ("submit", "button"):
            self.strings.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.strings.append(data)


def visible_strings(page: str) -> list[str]:
    parser = Visible()
    parser.feed(page)
    return parser.strings


def english_in(strings: list[str]) -> list[str]:
    found = []
    for text in strings:
        text = html.unescape(text)
        found += [f"{m.group(0)} ← « {text.strip()[:80]} »" for m in ID.finditer(text)]
        for word in WORD.findall(text):
            if word.lower() in ENGLISH and word.lower() not in FRENCH:
                found.append(f"{word} ← « {text.strip()[:80]} »")
    return found


def pdf_text(data: bytes) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def test_the_stop_list_catches_what_the_issue_saw():
    assert english_in(["Type : OTHER", "Aspects : environmental, social", "Portée : mandatory",
                       "Axe environmental", "insertion_clause"]) != []
    assert len(english_in(["Axe environmental"])) == 1
    assert english_in(["Clause d'insertion : obligation, critère, simple mention ; Autre document."]) == []


@pytest.fixture
def site(app, client, run_jobs):
    """A tender analysed and published, a failed upload, a quick check, and the three roles."""
    tender_id = tender_id_of(upload(client, ("RC.txt", RC_TEXT), ("CCAP.txt", CCAP_TEXT)))
    failed = tender_id_of(upload(client, ("CCAP.pdf", b"%PDF-1.5 not a pdf at all")))
    second = tender_id_of(upload(client, ("RC.txt", "Règlement de la consultation\nObjet : Achat de ramettes de papier\n"
                                                    "Prix : 100 %\n")))
    check = client.post("/check", data={"text": RC_TEXT + CCAP_TEXT})
    run_jobs()
    client.post(f"/tenders/{tender_id}/publish", data={"published": "1", "confirm": "1"})
    trainer, _ = make_user(app, "tom", "trainer", "CNFPT")
    admin, _ = make_user(app, "root", "admin", "Région")
    return {"id": tender_id, "failed": failed, "second": second, "check": check.headers["Location"],
            "trainer": logged_in(app, trainer), "admin": logged_in(app, admin)}


def test_no_english_word_in_any_page_export_or_pdf(client, anon, site):
    from guide.sheets import load_sheets

    tid = site["id"]
    pages = {client: ["/", "/login", "/check", site["check"], "/tenders", f"/tenders/{tid}",
                      f"/tenders/{tid}/documents", f"/tenders/{tid}/documents?doc=2", f"/tenders/{tid}/publication",
                      f"/tenders/{tid}/suppression", f"/tenders/{site['failed']}", "/mes-dossiers",
                      f"/compare?a={tid}", f"/compare?a={tid}&b={site['second']}", "/compare?qa=ramettes", "/dashboard",
                      "/search?q=insertion", "/guide", "/guide/recherche?q=avance", "/guide/exercices", "/nulle-part"]
             + [f"/guide/{s.id}" for s in load_sheets()],
             site["trainer"]: ["/guide/exercices", "/tenders"],
             site["admin"]: ["/journal", "/"],
             anon: ["/", "/check", "/guide/exercices", f"/tenders/{tid}"]}
    problems = []
    for who, urls in pages.items():
        for url in urls:
            response = who.get(url)
            assert response.status_code in (200, 404), (url, response.status_code)
            problems += [f"{url}: {p}" for p in english_in(visible_strings(response.get_data(as_text=True)))]
    csv_text = client.get(f"/tenders/{tid}/report.csv").get_data(as_text=True)
    problems += [f"report.csv: {p}" for p in english_in(csv_text.splitlines())]
    for url in (f"/tenders/{tid}/report.pdf", "/guide/exercices.pdf"):
        problems += [f"{url}: {p}" for p in english_in(pdf_text(client.get(url).data).splitlines())]
    problems += [f"exercices.pdf (formateur): {p}"
                 for p in english_in(pdf_text(site["trainer"].get("/guide/exercices.pdf").data).splitlines())]
    assert not problems, "\n".join(problems[:40])


def test_the_printed_guide_speaks_french(anon):
    text = pdf_text(anon.get("/guide/guide.pdf").data)
    assert not english_in(text.splitlines())
