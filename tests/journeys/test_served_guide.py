"""The guide's search through the served app (gunicorn threads): repeated searches all answer 200.
Once, each search after the first answered 500 (a SQLite connection shared across threads).
No browser needed: plain HTTP requests, some at the same time."""
from __future__ import annotations

import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read().decode("utf-8")


def test_repeated_guide_searches_all_answer_200(live):
    queries = ["insertion", "avance", "écolabel", "lots", "commerce équitable", "SPASER"] * 4
    urls = [f"{live}/guide/recherche?q={urllib.parse.quote(q)}" for q in queries]
    for url in urls[:6]:  # one after the other
        status, body = _get(url)
        assert status == 200 and "Recherche dans le guide" in body
    with ThreadPoolExecutor(max_workers=6) as pool:  # and at the same time, across the server's threads
        results = list(pool.map(_get, urls))
    assert [status for status, _ in results] == [200] * len(urls)
    assert all('href="/guide/' in body for _, body in results)
