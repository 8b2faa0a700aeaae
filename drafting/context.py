"""What a drafted clause knows of the tender, read from its JSON report: object, buyer, lots and
their estimated values, purchase family, the reference day (deadline, else publication, else
today) and the articles in force on that day. Also the Tender that the compliance checks need,
rebuilt from the report (and the stored pages, when the caller has them)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from drafting.data import articles
from drafting.hours import Family, family_for
from tenders.model import AwardCriterion, Document, Lot, Page, Tender, Term
from tenders.terms import read_terms


@dataclass
class LotView:
    number: str | None  # None: the whole contract (not divided)
    title: str | None
    value_ht: float | None
    family: Family | None
    reserved: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.number is None:
            return "le marché"
        return f"lot n° {self.number}" + (f" ({self.title})" if self.title else "")

    @property
    def subject(self) -> str:
        return "le marché" if self.number is None else "le " + self.label


@dataclass
class Purchase:
    title: str | None
    buyer: str | None
    reference: str | None
    cpv: list[str]
    value_ht: float | None
    duration_months: float | None
    lots: list[LotView]
    divided: bool
    day: date
    day_source: str  # "deadline", "publication" or "today"
    articles: dict[str, str]
    obligations: dict[str, bool]  # obligation id -> already due on the reference day
    obligation_texts: dict[str, str]

    @property
    def object(self) -> str:
        return self.title or "l'objet défini au présent dossier"


def _day(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def reference_day(tender: dict, today: date | None = None) -> tuple[date, str]:
    for name, source in (("deadline", "deadline"), ("publication_date", "publication")):
        day = _day(tender.get(name))
        if day is not None:
            return day, source
    return today or date.today(), "today"


def articles_on(day: date) -> tuple[dict[str, str], dict[str, bool], dict[str, str]]:
    table = articles()
    cited: dict[str, str] = {}
    for name, versions in table.items():
        if name == "obligations":
            continue
        current = versions[0]["text"]
        for version in versions:
            if _day(version["since"]) <= day:
                current = version["text"]
        cited[name] = current
    due = {name: day >= _day(spec["since"]) for name, spec in table["obligations"].items()}
    texts = {name: spec["text"] for name, spec in table["obligations"].items()}
    return cited, due, texts


def purchase(report: dict, today: date | None = None) -> Purchase:
    t = report["tender"]
    cpv = list(t.get("cpv") or [])
    lots = [LotView(number=str(lot["number"]), title=lot.get("title"), value_ht=lot.get("value_ht"),
                    family=family_for(lot.get("title"), cpv, t.get("title")), reserved=list(lot.get("reserved") or []))
            for lot in t.get("lots") or []]
    if len(lots) == 1 and lots[0].value_ht is None:
        lots[0].value_ht = t.get("value_ht")  # a single lot is the whole contract
    if not lots:
        lots = [LotView(number=None, title=t.get("title"), value_ht=t.get("value_ht"),
                        family=family_for(None, cpv, t.get("title")))]
    day, source = reference_day(t, today)
    cited, due, texts = articles_on(day)
    return Purchase(title=t.get("title"), buyer=t.get("buyer"), reference=t.get("reference"), cpv=cpv,
                    value_ht=t.get("value_ht"), duration_months=t.get("duration_months"), lots=lots,
                    divided=len(t.get("lots") or []) > 1, day=day, day_source=source, articles=cited,
                    obligations=due, obligation_texts=texts)


def criteria_of(report: dict) -> list[AwardCriterion]:
    return [AwardCriterion(name=c.get("name") or "", weight=c.get("weight"), lot=c.get("lot"),
                           type=c.get("type") or "quality", aspects=list(c.get("aspects") or []))
            for c in report["tender"].get("award_criteria") or []]


def tender_from_report(report: dict, pages: list[dict] | None = None) -> Tender:
    """The tender as the compliance checks read it: identity fields, lots, and the documents'
    text and contract terms when the stored pages are given (rows with document, number, text)."""
    t = report["tender"]
    by_doc: dict[str, list[Page]] = {}
    for row in pages or []:
        by_doc.setdefault(row["document"], []).append(Page(int(row["number"] or 1), row["text"] or ""))
    documents = [Document(name=d["name"], kind=d.get("kind") or "OTHER", format=d.get("format") or "txt",
                          pages=by_doc.get(d["name"], []), paginated=d.get("pages") is not None)
                 for d in t.get("documents") or []]
    tender = Tender(title=t.get("title"), buyer=t.get("buyer"), reference=t.get("reference"),
                    procedure=t.get("procedure"), cpv=list(t.get("cpv") or []), deadline=t.get("deadline"),
                    publication_date=t.get("publication_date"), value_ht=t.get("value_ht"),
                    duration_months=t.get("duration_months"),
                    lots=[Lot(number=str(lot["number"]), title=lot.get("title"),
                              reserved=list(lot.get("reserved") or []), value_ht=lot.get("value_ht"))
                          for lot in t.get("lots") or []],
                    award_criteria=criteria_of(report), documents=documents)
    if "terms" in t:  # what the compliance rows read of advance, turnover..., as the analysis read them
        tender.terms = [Term(**term) for term in t["terms"]]
    elif pages:  # a report from before terms were stored
        tender.terms = read_terms(tender)
    return tender
