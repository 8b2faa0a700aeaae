"""The hostile inputs of issue 19, replayed against the served app; prints a table, asserts nothing.

    .venv/bin/python bench/attacks.py [--workers N] [--only WORD ...] [--json OUT]

Starts `flask --app app serve` (gunicorn, analysis workers, writer: what `make run` starts) on a
free loopback port with a fresh data folder, then for each attack measures, while it runs:

- other visitors: a second client reads GET / and GET /login in a loop; p50, p95 and max latency
  (target: under 3 s), and how many of those reads failed;
- memory: the proportional set size (PSS) of the whole served process tree, sampled every 0.2 s;
  the peak minus the value just before the attack (target: under 400 MB);
- the HTTP statuses the attack got (target: no 5xx);
- the worker: a normal tender is uploaded as soon as the attack's requests are answered, and
  timed until its analysis is done (target: under two minutes).

An attack's queued work is waited for (bounded) before the next one starts.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import socket
import stat
import statistics
import sys
import tempfile
import threading
import time
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fixtures.documents import odt_bytes  # noqa: E402
from tests.fixtures.live import Client  # noqa: E402
from tests.fixtures.processes import find, memory_bytes, tree  # noqa: E402
from tests.fixtures.served import flask_command, served, served_env  # noqa: E402

MB = 1024 * 1024
WAIT_S = 300  # the longest wait for one attack's queued work, and for the normal tender after it
PASSWORD = "mot-de-passe-alice"


@dataclass
class Outcome:
    statuses: list[int] = field(default_factory=list)
    note: str = ""
    tenders: list[int] = field(default_factory=list)  # queued by the attack: waited for
    checks: list[str] = field(default_factory=list)  # addresses /check/<token> queued by the attack


GROUPS = {"web": "gunicorn", "analysis": "jobs.queues.analysis", "writer": "jobs.queues.writer"}


def memory_by_group(root: int) -> dict[str, int]:
    """PSS of the whole served tree and of each of its parts (web server, analysis, writer)."""
    members = tree(root)
    below = {p.pid: p for p in members}
    out = {"total": memory_bytes(members)}
    for group, word in GROUPS.items():
        heads = {p.pid for p in members if p.ppid == root and any(a == word or a.endswith("/" + word) for a in p.argv)}
        part = [p for p in members if p.pid in heads or _under(p, heads, below)]
        out[group] = memory_bytes(part)
    return out


def _under(proc, heads: set[int], below: dict) -> bool:
    while proc.ppid in below:
        if proc.ppid in heads:
            return True
        proc = below[proc.ppid]
    return False


class Watch:
    """Other visitors' reads and the tree's memory, in two threads, until stopped."""

    def __init__(self, base: str, root: int):
        self.base, self.root = base, root
        self.latencies: list[float] = []
        self.failures = 0
        samples = [memory_by_group(root) for _ in range(3)]
        self.baseline = {key: statistics.median(s[key] for s in samples) for key in samples[0]}
        self.peak = dict(self.baseline)
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._read), threading.Thread(target=self._sample)]
        for t in self.threads:
            t.start()

    def _read(self) -> None:
        visitor = Client(self.base, timeout=30)
        while not self.stopping.is_set():
            for path in ("/", "/login"):
                started = time.perf_counter()
                status = visitor.get(path)[0]
                self.latencies.append((time.perf_counter() - started) * 1000)
                self.failures += status not in (200, 302)
            time.sleep(0.05)

    def _sample(self) -> None:
        while not self.stopping.is_set():
            for key, value in memory_by_group(self.root).items():
                self.peak[key] = max(self.peak[key], value)
            time.sleep(0.2)

    def stop(self) -> dict:
        self.stopping.set()
        for t in self.threads:
            t.join()
        values = sorted(self.latencies) or [0.0]
        growth = {f"growth_{key}_mb": (self.peak[key] - self.baseline[key]) / MB for key in self.peak}
        return {"p50_ms": statistics.median(values), "p95_ms": values[min(len(values) - 1, int(len(values) * 0.95))],
                "max_ms": values[-1], "reads": len(self.latencies), "failed_reads": self.failures,
                "memory_growth_mb": growth.pop("growth_total_mb"), "memory_before_mb": self.baseline["total"] / MB,
                **growth}


# --- generated hostile files ------------------------------------------------------------------------

def streamed_zip(entries: list[tuple[str, bytes, bytes, int, bytes]], stored_first: tuple[str, bytes] | None = None
                 ) -> bytes:
    """A ZIP whose entries are head + filler * count + tail, deflated as they are written."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(zipfile.ZipInfo(stored_first[0]), stored_first[1])
        for name, head, filler, count, tail in entries:
            with archive.open(name, "w", force_zip64=True) as out:
                out.write(head)
                per_chunk = max(1, MB // len(filler))
                full, rest = divmod(count, per_chunk)
                for _ in range(full):
                    out.write(filler * per_chunk)
                out.write(filler * rest)
                out.write(tail)
    return buffer.getvalue()


def docx_bomb() -> bytes:  # about 876 KB: one text run of 923 million letters
    return streamed_zip([("[Content_Types].xml", b"<Types/>", b" ", 0, b""),
                         ("word/document.xml", b'<?xml version="1.0"?><w:document><w:body><w:p><w:r><w:t>',
                          b"a", 923_000_000, b"</w:t></w:r></w:p></w:body></w:document>")])


def odt_bomb() -> bytes:  # about 612 KB: a paragraph of 646 million spaces
    return streamed_zip([("content.xml", b'<?xml version="1.0"?><office:document-content '
                          b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                          b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
                          b"<office:text><text:p>", b" ", 646_000_000,
                          b"</text:p></office:text></office:body></office:document-content>")],
                        stored_first=("mimetype", b"application/vnd.oasis.opendocument.text"))


def many_megabytes() -> bytes:  # about 600 KB: 290 entries of one megabyte, each under the per-entry floor
    rng = random.Random(19)
    entries = []
    for i in range(290):
        block = rng.randbytes(40).hex().encode() + b" " * 2000
        entries.append((f"pieces/annexe-{i:03}.txt", b"", block, MB // len(block), b""))
    return streamed_zip(entries)


def long_pdf(pages: int, lines: int = 12) -> bytes:  # 2,000 pages: about 1 MB, 1.9 M characters
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_font("helvetica", size=10)
    for number in range(1, pages + 1):
        pdf.add_page()
        for line in range(lines):
            pdf.cell(0, 6, f"Article {number}.{line} - Le titulaire assure la prestation et trie les dechets du site.",
                     new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def normal_tender(n: int) -> list[tuple[str, bytes]]:
    return [("RC.txt", (f"RÈGLEMENT DE LA CONSULTATION {n}\nObjet : entretien des espaces verts, secteur {n}.\n"
                        "Le titulaire réservera 350 heures à des personnes éloignées de l'emploi.\n"
                        "Critères : prix 60 %, valeur technique 40 %.\n").encode())]


# --- the attacks ----------------------------------------------------------------------------------

class Bench:
    def __init__(self, base: str, data: Path, env: dict[str, str], tokens: dict[str, str]):
        self.base, self.data, self.env, self.tokens = base, data, env, tokens
        self.officer = Client(base, tokens["alice"], timeout=120)
        self.normal = 0
        # Made before any measure: generating them is no part of an attack.
        self.pdf, self.docx_bomb, self.odt_bomb, self.archive = long_pdf(2000), docx_bomb(), odt_bomb(), many_megabytes()

    def anon_check(self, client: Client, text: str = "", files=None) -> tuple[int, str | None]:
        status, headers, _ = client.form("/check", {"text": text}, files=files)
        location = headers.get("Location", "")
        return status, location if status == 302 and "/check/" in location else None

    def upload(self, files) -> Outcome:
        status, body = self.officer.upload(files)
        note = body.get("error", "") if status != 202 else ""
        return Outcome([status], shorten(note), [body["id"]] if status == 202 else [])

    def checks(self, *payloads: dict) -> Outcome:
        def one(payload):
            return self.anon_check(Client(self.base, timeout=120), **payload)

        with ThreadPoolExecutor(len(payloads)) as pool:
            answers = list(pool.map(one, payloads))
        return Outcome([s for s, _ in answers], "", checks=[loc for _, loc in answers if loc])

    def spaces_pasted(self) -> Outcome:
        return self.checks({"text": "Marché" + " " * 250_000 + "réservé : non"})

    def odt_spaces(self, count: int) -> Outcome:
        return self.upload([("CCAP.odt", odt_bytes(f'<text:p>Prix<text:s text:c="{count}"/>40 %</text:p>'))])

    def pdf_in_check(self, at_once: int) -> Outcome:
        return self.checks(*[{"files": [(f"RC-{i}.pdf", self.pdf)]} for i in range(at_once)])

    def million_pasted(self) -> Outcome:
        return self.checks({"text": "Le titulaire assure le nettoyage. " * 33_000})

    def million_uploaded(self) -> Outcome:  # a long document, not an attack: analysed in pieces
        return self.upload([("CCTP.txt", ("Le titulaire assure le nettoyage des locaux.\n" * 26_000).encode())])

    def login_storm(self) -> Outcome:
        def attempt(i: int) -> int:
            return Client(self.base, timeout=60).form("/login", {"name": f"nom{i % 30}", "password": f"essai{i}"})[0]

        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(attempt, range(120)))
        return Outcome(statuses, "")

    def announced_bodies(self) -> Outcome:
        host, port = self.base.rsplit("/", 1)[1].split(":")
        statuses = []
        for auth, length in (("", 5_000_000), (f"Authorization: Bearer {self.tokens['alice']}\r\n", 300 * MB)):
            with socket.create_connection((host, int(port)), timeout=30) as sock:
                sock.sendall((f"POST /api/tenders HTTP/1.1\r\nHost: {host}\r\n{auth}Content-Length: {length}\r\n"
                              "Content-Type: multipart/form-data; boundary=x\r\nConnection: close\r\n\r\n").encode())
                sock.sendall(b"x" * 65536)
                statuses.append(int(sock.recv(4096).split()[1]))
        return Outcome(statuses, "answered before the body")

    def searches(self) -> Outcome:
        paths = ["/search?q=%22%22%22", "/search?q=%00", "/api/search?q=%22%22%22", "/api/search?q=AND%20("]
        paths += ["/guide/recherche?q=insertion", "/guide/recherche?q=%22%22%22"] * 12
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda p: Client(self.base).get(p)[0], paths))
        return Outcome(statuses, "")

    def session_and_exports(self) -> Outcome:
        """Logout kills a copied cookie; no CSV cell starts a formula; a trainer gets 404; backup 0600."""
        browser = Client(self.base)
        statuses = [browser.form("/login", {"name": "alice", "password": PASSWORD})[0]]
        sent = self.upload([("+CCAP.txt", ('=HYPERLINK("http://evil.example","clic") Le titulaire trie les déchets.\n'
                                           "Le titulaire réservera 200 heures d'insertion.\n").encode())])
        tender_id = sent.tenders[0]
        wait_for(lambda: self.officer.json(f"/api/tenders/{tender_id}")[1].get("status") in ("done", "error"))
        status, _, body = browser.get(f"/tenders/{tender_id}/report.csv")
        cells = [c for row in csv.reader(io.StringIO(body.decode("utf-8-sig", "replace")), delimiter=";") for c in row]
        formulas = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
        trainer = Client(self.base, self.tokens["tom"]).json(f"/api/tenders/{tender_id}")[0]
        cookie = next(c.value for c in browser.cookies if c.name == "session")
        statuses += [status, trainer, browser.form("/logout", {}, page="/")[0]]
        replay = Client(self.base).request("GET", "/", headers={"Cookie": f"session={cookie}"})
        out = self.data.parent / "sauvegarde.tar.gz"
        flask_command(self.env, "backup", str(out))
        mode = f"{stat.S_IMODE(out.stat().st_mode):04o}"
        return Outcome(statuses + [replay[0]],
                       f"CSV: {len(formulas)} formula cell(s); trainer: {trainer}; "
                       f"cookie after logout: {'dead' if b'alice' not in replay[2] else 'ALIVE'}; "
                       f"backup {mode}")

    def attacks(self) -> list[tuple[str, callable]]:
        return [
            ("250,000 spaces pasted in /check", self.spaces_pasted),
            ("ODT asking for 120,000 spaces", lambda: self.odt_spaces(120_000)),
            ("ODT asking for 100,000,000 spaces", lambda: self.odt_spaces(100_000_000)),
            (f"{len(self.docx_bomb) // 1024} KB DOCX bomb", lambda: self.upload([("CCTP.docx", self.docx_bomb)])),
            (f"{len(self.odt_bomb) // 1024} KB ODT bomb", lambda: self.upload([("CCTP.odt", self.odt_bomb)])),
            ("2,000-page PDF in /check", lambda: self.pdf_in_check(1)),
            ("four 2,000-page PDFs at once in /check", lambda: self.pdf_in_check(4)),
            ("1.1 M characters pasted in /check", self.million_pasted),
            ("a genuine 1.1 M-character document, uploaded", self.million_uploaded),
            (f"{len(self.archive) // 1024} KB archive of 290 one-megabyte entries",
             lambda: self.upload([("DCE.zip", self.archive)])),
            ("oversized bodies announced, before login", self.announced_bodies),
            ("unparsable searches, guide search from 8 threads", self.searches),
            ("session, CSV export, trainer, backup", self.session_and_exports),
            ("120 logins on 30 names", self.login_storm),
        ]

    def worker_free_s(self) -> float:
        """Upload a normal tender now; seconds until it is analysed."""
        self.normal += 1
        started = time.perf_counter()
        status, body = self.officer.upload(normal_tender(self.normal))
        if status != 202:
            return float("nan")
        ok = wait_for(lambda: self.officer.json(f"/api/tenders/{body['id']}")[1].get("status") in ("done", "error"))
        return time.perf_counter() - started if ok else float("inf")

    def settle(self, outcome: Outcome) -> str:
        """Wait for what the attack queued; how it ended."""
        ends = []
        for tender_id in outcome.tenders:
            wait_for(lambda: self.officer.json(f"/api/tenders/{tender_id}")[1].get("status") in ("done", "error"))
            job = self.officer.json(f"/api/tenders/{tender_id}")[1]
            ends.append("analysed" if job.get("status") == "done" else f"error: {shorten(job.get('error') or '')}")
        for location in outcome.checks:
            path = location.removeprefix(self.base)
            wait_for(lambda: b"en cours" not in Client(self.base).get(path)[2])
            status, _, body = Client(self.base).get(path)
            ends.append("checked" if status == 200 else f"check page answers {status}")
        return "; ".join(f"{n} × {e}" if n > 1 else e for e, n in Counter(ends).items())


def shorten(text: str, size: int = 80) -> str:
    return text if len(text) <= size else text[:size - 1].rstrip() + "…"


def wait_for(condition, timeout: float = WAIT_S) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def table(rows: list[dict]) -> str:
    lines = ["| Attack | Answers | Outcome | Other pages p50 / p95 / max (ms) | Memory growth, MB (web / analysis) | "
             "Normal tender done after (s) |", "|---|---|---|---|---|---|"]
    for r in rows:
        answers = ", ".join(f"{n} × {s}" if n > 1 else str(s) for s, n in sorted(Counter(r["statuses"]).items()))
        failed = f" ({r['failed_reads']} failed)" if r["failed_reads"] else ""
        lines.append(f"| {r['attack']} | {answers} | {r['outcome']} | {r['p50_ms']:.0f} / {r['p95_ms']:.0f} / "
                     f"{r['max_ms']:.0f}{failed} | {r['memory_growth_mb']:+.0f} ({r['growth_web_mb']:+.0f} / "
                     f"{r['growth_analysis_mb']:+.0f}) | {r['worker_free_s']:.1f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="analysis processes (make run: one per core)")
    parser.add_argument("--only", nargs="*", help="attacks whose name holds one of these words")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="bench-attacks-")) / "data"
    env = served_env(data)
    tokens = {}
    for name, role in (("alice", "officer"), ("tom", "trainer")):
        out = flask_command(env, "create-user", name, "--role", role, "--org", "Valbrune", "--password",
                            PASSWORD if name == "alice" else "mot-de-passe-tom")
        tokens[name] = out.strip().splitlines()[-1].strip()
    rows = []
    with served(data, workers=args.workers) as base:
        port = base.rsplit(":", 1)[1]
        root = next(p for p in find("serve", "--port", port) if p.argv[1:2] and p.argv[1].endswith("/flask")).pid
        bench = Bench(base, data, env, tokens)
        warm = bench.worker_free_s()  # the model loaded, one analysis made: the steady state
        print(f"Served on {base} ({args.workers} analysis process(es)), tree of {len(tree(root))} processes, "
              f"{memory_bytes(tree(root)) / MB:.0f} MB (PSS) after a first analysis in {warm:.1f} s.", file=sys.stderr)
        for name, attack in bench.attacks():
            if args.only and not any(word.lower() in name.lower() for word in args.only):
                continue
            watch = Watch(base, root)
            started = time.perf_counter()
            outcome = attack()
            worker = bench.worker_free_s()
            ended = bench.settle(outcome)
            figures = watch.stop()
            rows.append({"attack": name, "statuses": outcome.statuses, "worker_free_s": worker,
                         "outcome": "; ".join(x for x in (outcome.note, ended) if x), "seconds": time.perf_counter() - started,
                         **figures})
            print(f"{name}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
