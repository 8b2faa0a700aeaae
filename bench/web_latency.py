"""Page latency of the web app while an analysis runs in the background; prints figures only.

    .venv/bin/python bench/web_latency.py [FILES...] [--requests N]

Serves the app (worker on) on a free loopback port with a temporary data folder, uploads FILES
(by default a generated 60-page PDF), then reads pages while the analysis is queued or running
and reports the median and 95th percentile per page, and how many reads fell during the run.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def generated_pdf(pages: int) -> tuple[str, bytes]:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_font("helvetica", size=10)
    for number in range(1, pages + 1):
        pdf.add_page()
        for line in range(40):
            pdf.cell(0, 6, f"Article {number}.{line} - Le titulaire assure la prestation et trie les déchets "
                           f"produits sur le chantier, ligne {line}.", new_x="LMARGIN", new_y="NEXT")
    return "CCTP-bench.pdf", bytes(pdf.output())


def multipart(files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = "----bench" + str(time.time_ns())
    body = b""
    for name, data in files:
        body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n"
                 "Content-Type: application/octet-stream\r\n\r\n").encode() + data + b"\r\n"
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*")
    parser.add_argument("--pages", type=int, default=60, help="pages of the generated PDF")
    parser.add_argument("--requests", type=int, default=200, help="most page reads per URL")
    args = parser.parse_args()
    os.environ["SOLIDARITY_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-web-")
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    from werkzeug.serving import make_server

    from app import create_app

    app = create_app({"JOBS_WORKER": True})
    from store.db import connect, data_paths
    from store.users import create_user

    db = connect(data_paths(app.config)[0])
    _, token = create_user(db, "bench", "officer", "Banc d'essai", "mot-de-passe-bench")
    db.close()
    auth = {"Authorization": f"Bearer {token}"}
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    files = [(Path(f).name, Path(f).read_bytes()) for f in args.files] or [generated_pdf(args.pages)]

    body, content_type = multipart(files)
    request = urllib.request.Request(base + "/api/tenders", data=body, headers={"Content-Type": content_type, **auth})
    started = time.perf_counter()
    tender_id = json.load(urllib.request.urlopen(request))["id"]
    urls = ["/", "/tenders", f"/tenders/{tender_id}", "/dashboard"]
    timings: dict[str, list[float]] = {url: [] for url in urls}
    status = "queued"
    while status in ("queued", "running") and len(timings[urls[0]]) < args.requests:
        for url in urls:
            t0 = time.perf_counter()
            urllib.request.urlopen(urllib.request.Request(base + url, headers=auth)).read()
            timings[url].append((time.perf_counter() - t0) * 1000)
        status = json.load(urllib.request.urlopen(urllib.request.Request(f"{base}/api/tenders/{tender_id}",
                                                                         headers=auth)))["status"]
        time.sleep(0.05)
    while status in ("queued", "running"):
        time.sleep(0.5)
        status = json.load(urllib.request.urlopen(urllib.request.Request(f"{base}/api/tenders/{tender_id}",
                                                                         headers=auth)))["status"]
    total = time.perf_counter() - started
    print(f"analysis of {', '.join(n for n, _ in files)}: {status} in {total:.1f} s (model load included)")
    print(f"{'page':<22}{'reads':>7}{'median ms':>11}{'p95 ms':>9}")
    for url, values in timings.items():
        values.sort()
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))] if values else float("nan")
        print(f"{url:<22}{len(values):>7}{statistics.median(values) if values else float('nan'):>11.1f}{p95:>9.1f}")
    server.shutdown()
    app.extensions["jobs"]._discard_pool(kill=True)


if __name__ == "__main__":
    main()
