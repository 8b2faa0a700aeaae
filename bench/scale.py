"""The store at scale: page latency with N stored tenders; prints a table, asserts nothing.

    .venv/bin/python bench/scale.py --tenders 100000 --json build/scale-100000.json

Fills a fresh data folder (--data, else a temporary one) with N tenders cloned from real
reports (bench/scale_fill.py: a few dozen corpus files analysed once, the seeds kept in build/),
then times sequential warm requests through the Flask test client, signed in as an officer of
one of the organisations (published tenders plus that organisation's own: the visibility
condition every list query carries), and writes

    {"tenders": N, "latency_ms": {"/tenders": {"p50": .., "p95": ..}, "/dashboard": {...},
     "/search?q=insertion": {...}, "/tenders/<id>": {...},
     "/api/tenders?category=insertion_clause": {...}}, "fill_s": .., "extra_latency_ms": {...}}

`cpu_ms` gives the same requests' CPU time in this process (less inflated than wall time when
other programs load the machine); `extra_latency_ms` and `extra_cpu_ms` add deeper or narrower
requests (the last page, a cursor page far down, the buyer filter, a common category, a score
range, a deadline range, an administrator's dashboard and list, an anonymous list and search).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))  # after the root: bench/decp.py must not hide the decp package

MAIN = ("/tenders", "/dashboard", "/search?q=insertion", "/tenders/<id>", "/api/tenders?category=insertion_clause")


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"p50": round(statistics.median(ordered), 2),
            "p95": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 2)}


def timed(client, paths, requests: int, warm: int = 3) -> tuple[dict, dict]:
    """p50 and p95 in ms of `requests` sequential GETs of each path (a callable gives a new path
    each time), after `warm` untimed ones: wall-clock time, and this process's CPU time (the
    test client serves in this process), which other programs running on the machine inflate less."""
    wall, cpu = {}, {}
    for label, path in paths.items():
        samples, cpu_samples = [], []
        for n in range(warm + requests):
            url = path() if callable(path) else path
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.get(url)
            elapsed, used = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
            if n >= warm:
                samples.append(elapsed)
                cpu_samples.append(used)
        wall[label], cpu[label] = percentiles(samples), percentiles(cpu_samples)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenders", type=int, required=True)
    parser.add_argument("--json", dest="out", type=Path, required=True)
    parser.add_argument("--data", type=Path, default=None, help="data folder (must not exist); else a temporary one")
    parser.add_argument("--seeds", type=int, default=40, help="corpus files analysed, then cloned")
    parser.add_argument("--requests", type=int, default=60, help="timed requests per path")
    args = parser.parse_args()

    import scale_fill

    data = args.data or Path(tempfile.mkdtemp(prefix="bench-scale-")) / "data"
    if data.exists():
        raise SystemExit(f"{data} existe déjà : donnez un dossier neuf.")
    os.environ["SOLIDARITY_DATA_DIR"] = str(data)
    os.environ.setdefault("SOLIDARITY_QUEUE_URL", "memory://")
    seed_list = scale_fill.seeds(args.seeds)
    from app import create_app
    from store.db import connect, data_paths
    from store.sessions import open_session
    from store.users import create_user

    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
    db = connect(data_paths(app.config)[0])
    officer, _ = create_user(db, "agent", "officer", scale_fill.ORGS[0], "mot-de-passe-agent")
    admin, _ = create_user(db, "admin", "admin", "Région", "mot-de-passe-admin")
    rng = random.Random(20)
    t0 = time.perf_counter()
    scale_fill.fill(db, args.tenders, seed_list, rng)
    fill_s = time.perf_counter() - t0
    sessions = {user.name: open_session(db, user.id) for user in (officer, admin)}
    visible = [r[0] for r in db.execute("SELECT id FROM tenders WHERE status = 'done' AND (published = 1 OR org = ?)",
                                        (scale_fill.ORGS[0],))]
    buyer = db.execute("SELECT buyer FROM tenders WHERE id = ?", (visible[len(visible) // 2],)).fetchone()[0]
    db.close()

    def client_of(name: str | None):
        client = app.test_client()
        if name is not None:
            with client.session_transaction() as session:
                session["sid"] = sessions[name]
        return client

    officer_client = client_of("agent")
    deep = officer_client.get("/api/tenders?per_page=50&page=1000").get_json()
    main_paths = dict(zip(MAIN, ("/tenders", "/dashboard", "/search?q=insertion",
                                 lambda: f"/tenders/{rng.choice(visible)}", "/api/tenders?category=insertion_clause")))
    latency, cpu = timed(officer_client, main_paths, args.requests)
    few = max(10, args.requests // 3)
    extra_paths = [
        (officer_client, "", {
            "/tenders?last=1": "/tenders?last=1",
            "/tenders?after=<page 1000>": "/tenders?after=" + (deep["next"] or ""),
            "/tenders?page=200": "/tenders?page=200",
            "/tenders?buyer=<word>": "/tenders?buyer=" + buyer.split()[-1][:5],
            "/api/tenders?category=environmental_criterion": "/api/tenders?category=environmental_criterion",
            "/api/tenders?score_min=40&score_max=60": "/api/tenders?score_min=40&score_max=60",
            "/api/tenders?date_from=2020-01-01&date_to=2020-12-31":
                "/api/tenders?date_from=2020-01-01&date_to=2020-12-31"}),
        (client_of("admin"), " (admin)", {"/dashboard": "/dashboard", "/tenders": "/tenders"}),
        (client_of(None), " (anonymous)", {"/tenders": "/tenders", "/search?q=insertion": "/search?q=insertion"})]
    extra, extra_cpu = {}, {}
    for client, suffix, paths in extra_paths:
        wall, used = timed(client, paths, few)
        extra.update({label + suffix: v for label, v in wall.items()})
        extra_cpu.update({label + suffix: v for label, v in used.items()})
    size_mb = sum(p.stat().st_size for p in data.glob("solidarity.db*")) / 1e6
    result = {"tenders": args.tenders, "latency_ms": latency, "fill_s": round(fill_s, 1),
              "cpu_ms": cpu, "extra_latency_ms": extra, "extra_cpu_ms": extra_cpu,
              "database_mb": round(size_mb), "requests_per_path": args.requests,
              "load_average": [round(x, 1) for x in os.getloadavg()], "cpus": os.cpu_count()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{args.tenders} appels d'offres, remplissage {fill_s:.1f} s, base {size_mb:.0f} Mo, "
          f"charge de la machine {result['load_average']} sur {os.cpu_count()} processeurs")
    print(f"{'requête':56} {'p50 ms':>7} {'p95 ms':>7} {'CPU p50':>8} {'CPU p95':>8}")
    used = {**cpu, **extra_cpu}
    for label, figures in {**latency, **extra}.items():
        print(f"{label:56} {figures['p50']:7.1f} {figures['p95']:7.1f} {used[label]['p50']:8.1f} {used[label]['p95']:8.1f}")


if __name__ == "__main__":
    main()
