"""Filling a data folder with many tenders for bench/scale.py: real reports, cloned.

A few dozen corpus files (TED and eForms notices, BOAMP notices, small DCEs) are analysed once
with service.analyze_path; the seeds are kept in build/ (never in the repository). Each clone
takes a seed's report, documents, pages and passages, with its own buyer, dates, categories
(some of the seed's dropped), score, organisation and publication, written by bulk inserts
through the schema's triggers (categories, dashboard tallies, full-text indexes) as a save
would. Buyer names are made up here from invented place names."""
from __future__ import annotations

import gzip
import json
import pickle
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SEED_CACHE = ROOT / "build" / "scale-seeds.pickle.gz"
ORGS = [f"Organisation {n:02d}" for n in range(1, 21)]
KINDS = ("Commune de", "Ville de", "Département de", "Région", "Communauté d'agglomération de",
         "Syndicat mixte de", "Centre hospitalier de", "Office public de l'habitat de")
SYLLABLES = ("val", "brune", "mont", "ferrand", "port", "aubrac", "saint", "lou", "ris", "vigne", "bourg",
             "celle", "roche", "fleur", "anse", "mar", "ville", "pré", "chanteloup", "bois")


def corpus_inputs(count: int) -> list[Path]:
    """Paths of `count` corpus tenders: mostly notices, a few small DCEs."""
    dces = [CORPUS / "dce" / name for name in ("resah_formation_2024r001", "camp_des_milles_gardiennage",
                                               "ifpra_normandie_moteur_agri")]
    notices = sorted((CORPUS / "ted").glob("*.xml"))[::20] + sorted((CORPUS / "boamp_text").glob("*.txt"))[::28] \
        + sorted((CORPUS / "eforms" / "real_fr_2023_2024").glob("*.xml"))
    # notices that speak of insertion (about 3 % of the corpus), so that some clones carry it
    speaking = [p for p in sorted((CORPUS / "ted").glob("*.xml")) + sorted((CORPUS / "boamp_text").glob("*.txt"))
                if "insertion" in p.read_text(encoding="utf-8", errors="replace").lower()][:8]
    chosen = [p for p in dces if p.exists()] + speaking + [p for p in notices if p not in speaking]
    return chosen[:count]


def seeds(count: int, cache: Path = SEED_CACHE) -> list[dict]:
    """The analysed seeds: report, fields and documents; read from `cache` when it holds `count`."""
    if cache.exists():
        with gzip.open(cache, "rb") as fh:
            kept = pickle.load(fh)
        if len(kept) >= count:
            return kept[:count]
    from service import analyze_path, warm_up
    from store.originals import sha256

    warm_up()
    kept = []
    for path in corpus_inputs(count):
        t0 = time.perf_counter()
        report, tender, files = analyze_path(path)
        print(f"  graine {path.name}: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        kept.append({
            "report": report, "title": tender.title, "reference": tender.reference, "procedure": tender.procedure,
            "cpv": json.dumps(tender.cpv), "files": json.dumps([[name, sha256(data)] for name, data in files]),
            "input": report["input"],
            "documents": [{"name": d.name, "kind": d.kind, "format": d.format, "pages": d.page_count,
                           "sha256": d.sha256, "texts": [(p.number, p.text) for p in d.pages]}
                          for d in tender.documents]})
    cache.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(cache, "wb") as fh:
        pickle.dump(kept, fh)
    return kept


def buyer_names(rng: random.Random, count: int = 600) -> list[str]:
    names = set()
    while len(names) < count:
        place = "".join(rng.sample(SYLLABLES, 2)).capitalize()
        names.add(f"{rng.choice(KINDS)} {place}")
    return sorted(names)


def _stamp(rng: random.Random) -> str:
    t = 1_450_000_000 + rng.random() * 320_000_000  # 2015-2025
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(t))


class Filler:
    """Writes clones with explicit ids, in large transactions."""

    def __init__(self, db, seed_list: list[dict], rng: random.Random):
        from scoring.grid import grade_for, load_grid

        self.db, self.seeds, self.rng = db, seed_list, rng
        self.grades = load_grid()["grades"]
        self.grade_for = grade_for
        self.buyers = buyer_names(rng)
        self.next_document = (db.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0] or 0) + 1
        self.rows: dict[str, list[tuple]] = {"tenders": [], "reports": [], "documents": [], "pages": [], "clauses": []}

    def clone(self, tender_id: int) -> None:
        rng, seed = self.rng, self.rng.choice(self.seeds)
        report = json.loads(json.dumps(seed["report"]))
        present = sorted({c["category"] for c in report["clauses"] if not c["negated"]})
        dropped = {c for c in present if rng.random() < 0.3}
        report["clauses"] = [c for c in report["clauses"] if c["category"] not in dropped or c["negated"]]
        for category in dropped:
            report["categories"][category] = False
        score = max(0.0, min(100.0, round((report["score"]["total"] or 0) + rng.gauss(0, 15), 1)))
        report["score"]["total"], report["score"]["grade"] = score, self.grade_for(score, self.grades)
        buyer = rng.choice(self.buyers)
        report["tender"]["buyer"], report["id"] = buyer, tender_id
        created = _stamp(rng)
        deadline = created[:10] if rng.random() < 0.9 else None
        org = rng.choice(ORGS) if rng.random() < 0.3 else None
        published = 1 if org is None or rng.random() < 0.5 else 0
        status = "done" if rng.random() < 0.995 else rng.choice(("error", "queued"))
        access = report["accessibility"]["score"]
        self.rows["tenders"].append((
            tender_id, f"bench-{tender_id}", seed["input"], seed["title"], buyer, seed["reference"], seed["procedure"],
            seed["cpv"], deadline, score, report["score"]["grade"], access, created, created, status,
            None, 100 if status == "done" else 0, "Erreur simulée." if status == "error" else None, seed["files"],
            org, None, published, "bench"))
        self.rows["reports"].append((tender_id, json.dumps(report, ensure_ascii=False)))
        for doc in seed["documents"]:
            doc_id = self.next_document
            self.next_document += 1
            self.rows["documents"].append((doc_id, tender_id, doc["name"], doc["kind"], doc["format"], doc["pages"],
                                           doc["sha256"]))
            self.rows["pages"].extend((tender_id, doc_id, doc["name"], number, text) for number, text in doc["texts"])
        self.rows["clauses"].extend(
            (tender_id, c["category"], c["text"], c["document"], c["page"], c.get("start"), c.get("end"),
             int(c["negated"]), c.get("strength"), json.dumps(c.get("legal_refs", [])), c.get("confidence"),
             c.get("source")) for c in report["clauses"])

    def flush(self) -> None:
        sql = {
            "tenders": "INSERT INTO tenders (id, key, input, title, buyer, reference, procedure, cpv, deadline,"
                       " score_total, grade, accessibility_score, created, updated, status, stage, progress, error,"
                       " files, org, owner_id, published, pipeline) VALUES (" + ", ".join("?" * 23) + ")",
            "reports": "INSERT INTO reports (tender_id, report) VALUES (?, ?)",
            "documents": "INSERT INTO documents (id, tender_id, name, kind, format, pages, sha256)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?)",
            "pages": "INSERT INTO pages (tender_id, document_id, document, number, text) VALUES (?, ?, ?, ?, ?)",
            "clauses": "INSERT INTO clauses (tender_id, category, text, document, page, start, \"end\", negated,"
                       " strength, legal_refs, confidence, source) VALUES (" + ", ".join("?" * 12) + ")",
        }
        with self.db.conn:
            for table in ("tenders", "reports", "documents", "pages", "clauses"):
                self.db.conn.executemany(sql[table], self.rows[table])
                self.rows[table] = []


def fill(db, count: int, seed_list: list[dict], rng: random.Random, batch: int = 2000) -> None:
    db.execute("PRAGMA synchronous = OFF")
    filler = Filler(db, seed_list, rng)
    start = (db.execute("SELECT coalesce(max(id), 0) FROM tenders").fetchone()[0] or 0) + 1
    for tender_id in range(start, start + count):
        filler.clone(tender_id)
        if tender_id % batch == 0:
            filler.flush()
            print(f"\r  {tender_id - start + 1} / {count}", end="", file=sys.stderr, flush=True)
    filler.flush()
    print(file=sys.stderr)
    db.execute("PRAGMA synchronous = NORMAL")
    from store.statistics import refresh_if_grown

    refresh_if_grown(db)  # what the next save, or the next start of the app, does
