"""Load test on loopback: concurrent uploads and page reads against `flask --app app run`.

    .venv/bin/python bench/load.py [--uploads 20] [--reads 200] [--timeout 600]

Starts the app in a subprocess on a free 127.0.0.1 port with a temporary data folder, creates an
officer account (its API token), then fires N uploads at once (distinct small tenders, API) and
M page reads at once (pages and API, anonymous and with the token), waits until every analysis
is done, and checks that no request failed and no tender is missing. Prints latency percentiles
and throughput. Bounded: every request has a timeout, the whole run a deadline.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLASK = ROOT / ".venv" / "bin" / "flask"

TENDER = """RÈGLEMENT DE LA CONSULTATION
Objet de la consultation : lot {n} — entretien des espaces verts du quartier {n}
Le marché est décomposé en 2 lots.
Critères : prix 60 %, valeur technique 30 %, performance environnementale 10 %.
Le titulaire réservera {hours} heures de travail à des personnes éloignées de l'emploi (article L2112-2).
Une avance de 10 % est versée. Le délai global de paiement est de 30 jours.
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentiles(values: list[float]) -> str:
    if not values:
        return "—"
    values = sorted(values)
    pick = lambda q: values[min(len(values) - 1, int(len(values) * q))]  # noqa: E731
    return f"p50 {statistics.median(values):7.1f} ms  p95 {pick(0.95):7.1f} ms  p99 {pick(0.99):7.1f} ms  max {values[-1]:7.1f} ms"


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = f"----load{time.time_ns()}{threading.get_ident()}"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def timed(request: urllib.request.Request, timeout: float) -> tuple[int, float, bytes]:
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as err:
        body, status = err.read(), err.code
    except Exception as err:  # noqa: BLE001 - a refused or timed-out connection is a failure to report
        return 0, (time.perf_counter() - t0) * 1000, repr(err).encode()
    return status, (time.perf_counter() - t0) * 1000, body


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument("--reads", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=600, help="deadline for the analyses, seconds")
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="load-")
    env = {**os.environ, "SOLIDARITY_DATA_DIR": data_dir}
    created = subprocess.run([str(FLASK), "--app", "app", "create-user", "charge", "--role", "officer",
                              "--org", "Banc d'essai"], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    token = created.stdout.strip().splitlines()[-1]
    auth = {"Authorization": f"Bearer {token}"}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([str(FLASK), "--app", "app", "run", "--host", "127.0.0.1", "--port", str(port)],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=2)
                break
            except OSError:
                time.sleep(0.1)

        # 1. uploads, all at once
        def upload(n: int):
            body, content_type = multipart(f"RC-{n}.txt", TENDER.format(n=n, hours=100 + n).encode())
            request = urllib.request.Request(base + "/api/tenders", data=body,
                                             headers={"Content-Type": content_type, **auth})
            return timed(request, timeout=60)

        t0 = time.perf_counter()
        with ThreadPoolExecutor(args.uploads) as pool:
            uploads = list(pool.map(upload, range(args.uploads)))
        upload_wall = time.perf_counter() - t0
        ids = [json.loads(body)["id"] for status, _, body in uploads if status == 202]

        # 2. page reads, all at once, while the analyses run
        paths = ["/", "/tenders", "/dashboard", "/check", "/guide", "/api/tenders", "/search?q=insertion",
                 f"/api/tenders/{ids[0] if ids else 1}"]

        def read(i: int):
            path = paths[i % len(paths)]
            headers = auth if path.startswith("/api/") else {}
            return path, *timed(urllib.request.Request(base + path, headers=headers), timeout=60)

        t0 = time.perf_counter()
        with ThreadPoolExecutor(args.reads) as pool:
            reads = list(pool.map(read, range(args.reads)))
        read_wall = time.perf_counter() - t0

        # 3. every analysis finishes
        deadline = time.monotonic() + args.timeout
        states: dict[int, str] = {}
        while time.monotonic() < deadline:
            states = {i: json.loads(timed(urllib.request.Request(f"{base}/api/tenders/{i}", headers=auth), 10)[2])
                      .get("status", "?") for i in ids}
            if all(s in ("done", "error") for s in states.values()):
                break
            time.sleep(1)
        analyses_wall = time.perf_counter() - t0 + read_wall
        listed = json.loads(timed(urllib.request.Request(base + "/api/tenders?per_page=200", headers=auth), 10)[2])
    finally:
        server.terminate()
        server.wait(timeout=30)

    failed_uploads = [(s, b[:120]) for s, _, b in uploads if s != 202]
    failed_reads = [(p, s, b[:120]) for p, s, _, b in reads if s != 200]
    not_done = {i: s for i, s in states.items() if s != "done"}
    print(f"uploads: {args.uploads} at once, {len(ids)} accepted (202) in {upload_wall:.2f} s "
          f"({args.uploads / upload_wall:.1f}/s)")
    print(f"  latency  {percentiles([ms for _, ms, _ in uploads])}")
    print(f"page reads: {args.reads} at once, {args.reads - len(failed_reads)} OK in {read_wall:.2f} s "
          f"({args.reads / read_wall:.1f}/s)")
    print(f"  latency  {percentiles([ms for _, _, ms, _ in reads])}")
    for path in paths:
        print(f"    {path:<24} {percentiles([ms for p, _, ms, _ in reads if p == path])}")
    print(f"analyses: {sum(1 for s in states.values() if s == 'done')}/{len(ids)} done "
          f"within {analyses_wall:.1f} s of the uploads ({len(ids) / analyses_wall * 60:.1f} per minute)")
    print(f"tenders listed by the API: {listed.get('total')} (expected {args.uploads})")
    problems = failed_uploads or failed_reads or not_done or listed.get("total") != args.uploads
    if problems:
        print("FAILURES:", failed_uploads[:3], failed_reads[:3], not_done)
        sys.exit(1)
    print("no error, no lost tender")


if __name__ == "__main__":
    main()
