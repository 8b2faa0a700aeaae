"""Paging the list on the web and through the API: cursors (`after`, `before`, `last`), the
numbered `page` kept for small offsets, and a pager of a few links whatever the number of pages."""
from __future__ import annotations

import html
import re

import pytest

from tests.fixtures.stored import Spec, save_spec


@pytest.fixture
def twelve(app) -> list[int]:
    from store.db import connect, data_paths

    db_path, originals = data_paths(app.config)
    db = connect(db_path)
    try:
        return [save_spec(db, originals, Spec(title=f"Marché {n:02d}", published=True, score=5.0 * n, grade="E",
                                              updated=f"2025-02-{n + 1:02d}T08:00:00+00:00")) for n in range(12)]
    finally:
        db.close()


def ids(listing: dict) -> list[int]:
    return [t["id"] for t in listing["items"]]


def test_api_cursors_walk_the_list_both_ways(anon, twelve):
    newest_first = twelve[::-1]
    first = anon.get("/api/tenders?per_page=5").get_json()
    assert ids(first) == newest_first[:5] and first["previous"] is None
    assert (first["total"], first["pages"], first["page"]) == (12, 3, 1)
    second = anon.get(f"/api/tenders?per_page=5&after={first['next']}").get_json()
    assert ids(second) == newest_first[5:10] and second["page"] == 2
    third = anon.get(f"/api/tenders?per_page=5&after={second['next']}").get_json()
    assert ids(third) == newest_first[10:] and third["next"] is None and third["page"] == 3
    back = anon.get(f"/api/tenders?per_page=5&before={third['previous']}").get_json()
    assert ids(back) == ids(second)
    assert ids(anon.get("/api/tenders?per_page=5&last=1").get_json()) == ids(third)
    assert ids(anon.get("/api/tenders?per_page=5&page=2").get_json()) == ids(second)  # numbered, as before
    assert ids(anon.get("/api/tenders?per_page=5&after=pas-un-curseur").get_json()) == ids(first)


def pager(page_html: str) -> list[tuple[str, str]]:
    nav = re.search(r'<nav role="navigation" class="fr-pagination".*?</nav>', page_html, re.S).group(0)
    return [(html.unescape(href), re.sub(r"<[^>]+>", "", label).strip())
            for href, label in re.findall(r'<a class="fr-pagination__link[^"]*" href="([^"]+)"[^>]*>(.*?)</a>', nav)]


def test_the_list_page_shows_a_window_of_pages_and_its_links_work(anon, twelve):
    page = anon.get("/tenders?per_page=1").get_data(as_text=True)
    links = pager(page)
    labels = [label for _, label in links]
    assert labels == ["1", "2", "3", "12", "Page suivante", "Dernière page"]  # never one link per page
    assert "…" in page
    href = dict((label, href) for href, label in links)
    third = anon.get(href["3"]).get_data(as_text=True)
    assert 'aria-current="page" title="Page 3"' in third and "Marché 09" in third
    last = anon.get(href["Dernière page"]).get_data(as_text=True)
    assert "Marché 00" in last and "Page 12 sur 12" in last
    labels = [label for _, label in pager(last)]
    assert labels[:2] == ["Première page", "Page précédente"] and labels[-3:] == ["10", "11", "12"]
    previous = anon.get(dict((label, h) for h, label in pager(last))["Page précédente"]).get_data(as_text=True)
    assert "Marché 01" in previous and "Page 11 sur 12" in previous


def test_filters_stay_in_the_pager_links(anon, twelve):
    page = anon.get("/tenders?per_page=2&score_max=100").get_data(as_text=True)
    assert all("score_max=100" in href for href, _ in pager(page))
