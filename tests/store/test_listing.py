"""The list at scale: keyset paging (cursors, numbered pages, the last page), the windowed pager,
the filters through their indexes against a plain Python filter, buyer search through FTS."""
from __future__ import annotations

import pytest

import store
from store.filters import TenderFilter, buyer_query
from store.paging import decode, encode, window
from tests.fixtures.stored import Spec, random_specs, save_spec


@pytest.fixture
def db(tmp_path):
    database = store.db.connect(tmp_path / "t.db")
    yield database
    database.close()


@pytest.fixture
def stored(db, tmp_path) -> list[dict]:
    """37 varied tenders; returns each as the Python filters below see it, with its id."""
    out = []
    for spec in random_specs(37):
        tender_id = save_spec(db, tmp_path / "o", spec)
        out.append({"id": tender_id, "spec": spec})
    return out


def order(rows: list[dict]) -> list[int]:
    """The list order, newest first, as Python computes it."""
    return [r["id"] for r in sorted(rows, key=lambda r: (r["spec"].updated, r["id"]), reverse=True)]


def visible(row: dict, org: str | None, see_all: bool) -> bool:
    spec = row["spec"]
    return see_all or spec.published or (org is not None and spec.org == org)


def walk(db, make, follow: str) -> list[list[int]]:
    """Every page, following the `next` cursors (or `previous` ones from the last page)."""
    pages, page = [], store.tenders.tender_page(db, make())
    while True:
        pages.append([r["id"] for r in page.rows])
        token = page.next if follow == "after" else page.previous
        if token is None:
            return pages
        page = store.tenders.tender_page(db, make(**{follow: token}))


@pytest.mark.parametrize("viewer", [{"see_all": True}, {"viewer_org": "Valbrune"}, {}])
def test_cursors_visit_every_visible_row_once_in_order(db, stored, viewer):
    expected = order([r for r in stored if visible(r, viewer.get("viewer_org"), viewer.get("see_all", False))])
    forward = walk(db, lambda **kw: TenderFilter(per_page=5, **viewer, **kw), "after")
    assert [i for page in forward for i in page] == expected
    assert store.tenders.count_tenders(db, TenderFilter(**viewer)) == len(expected)  # from the tallies
    assert all(len(page) == 5 for page in forward[:-1])
    backward = walk(db, lambda **kw: TenderFilter(per_page=5, last=not kw, **viewer, **kw), "before")
    assert [i for page in reversed(backward) for i in page] == expected
    numbered = [[r["id"] for r in store.tenders.list_tenders(db, TenderFilter(per_page=5, page=n, **viewer))]
                for n in range(1, len(forward) + 1)]
    assert numbered == forward  # numbered pages and cursors agree
    assert len(backward[0]) == len(expected) - 5 * (len(forward) - 1)  # the last page is the remainder


def test_page_numbers_and_window_links_lead_to_those_pages(db, stored):
    total = len(stored)
    page = store.tenders.tender_page(db, TenderFilter(per_page=3, page=6, see_all=True))
    assert (page.number, page.pages, page.total) == (6, -(-total // 3), total)
    labels = [link.label for link in page.links if link.kind in ("page", "gap")]
    assert labels == ["1", "…", "4", "5", "6", "7", "8", "…", str(page.pages)]
    for link in page.links:
        if link.kind != "page":
            continue
        reached = store.tenders.tender_page(db, TenderFilter(per_page=3, see_all=True, after=link.args.get("after", ""),
                                                             last=bool(link.args.get("last"))))
        assert reached.number == int(link.label)
        expected = store.tenders.list_tenders(db, TenderFilter(per_page=3, see_all=True, page=int(link.label)))
        assert [r["id"] for r in reached.rows] == [r["id"] for r in expected]
    kinds = [link.kind for link in page.links]
    assert kinds[:2] == ["first", "previous"] and kinds[-2:] == ["next", "last"]


def test_the_pager_never_lists_every_page():
    keys = [(f"2025-01-01T00:00:{n:03d}", n) for n in range(101)]  # enough keys around any page
    for start in (0, 50, 500_000, 999_950):
        links = window(start, 50, 1_000_000, 50, keys, keys)
        assert len(links) <= 13
        assert [link.label for link in links if link.current] == [str(start // 50 + 1)]
    first = window(0, 50, 1_000_000, 50, keys, [])
    assert [link.kind for link in first][:1] == ["page"] and first[0].label == "1" and first[0].current
    assert [link.label for link in first if link.kind == "page"] == ["1", "2", "3", "20000"]


def test_cursors_are_opaque_and_a_bad_one_is_ignored(db, stored):
    key = ("2025-01-03T10:00:00+00:00", 12)
    assert decode(encode(key)) == key
    for bad in ("", "abc", encode(("x", 1))[:-2] + "!!", "WzEsMl0"):  # the last one is [1,2]
        assert decode(bad) is None
    first = store.tenders.tender_page(db, TenderFilter(per_page=5, see_all=True))
    ignored = store.tenders.tender_page(db, TenderFilter(per_page=5, see_all=True, after="n'importe quoi"))
    assert [r["id"] for r in ignored.rows] == [r["id"] for r in first.rows]


def test_counts_of_documents_and_passages_are_those_of_each_row(db, stored):
    rows = store.tenders.list_tenders(db, TenderFilter(per_page=50, see_all=True))
    by_id = {r["id"]: r["spec"] for r in stored}
    for row in rows:
        spec = by_id[row["id"]]
        assert row["documents"] == 1
        assert row["clauses"] == len(spec.categories)  # negated passages are not counted


FILTERS = [
    ({"category": "insertion_clause"}, lambda s: "insertion_clause" in s.categories),
    ({"category": "fair_trade"}, lambda s: "fair_trade" in s.categories),
    ({"buyer": "valb"}, lambda s: s.buyer == "Ville de Valbrune"),
    ({"buyer": "saint aubrac"}, lambda s: s.buyer == "Commune de Saint-Aubrac"),
    ({"buyer": "ile"}, lambda s: s.buyer == "Région Île-de-Port"),  # accents ignored
    ({"score_min": 10.0}, lambda s: s.score is not None and s.score >= 10),
    ({"score_max": 9.99}, lambda s: s.score is not None and s.score <= 9.99),
    ({"score_min": 35.5, "score_max": 99.9}, lambda s: s.score is not None and 35.5 <= s.score <= 99.9),
    ({"date_from": "2024-03-01"}, lambda s: s.deadline is not None and s.deadline >= "2024-03-01"),
    ({"date_to": "2024-06-15"}, lambda s: s.deadline is not None and s.deadline[:10] <= "2024-06-15"),
    ({"date_from": "2024-02-10", "date_to": "2024-02-10"},
     lambda s: s.deadline is not None and s.deadline[:10] == "2024-02-10"),
    ({"category": "environmental_condition", "score_min": 20.0, "buyer": "ville"},
     lambda s: "environmental_condition" in s.categories and s.score is not None and s.score >= 20
     and s.buyer == "Ville de Valbrune"),
    ({"status": "done"}, lambda s: True),
    ({"status": "queued"}, lambda s: False),
]


@pytest.mark.parametrize("viewer", [{"see_all": True}, {"viewer_org": "Port-Aubrac"}, {}])
@pytest.mark.parametrize("fields,keep", FILTERS)
def test_filters_through_their_indexes_keep_their_meaning(db, stored, viewer, fields, keep):
    expected = order([r for r in stored if keep(r["spec"])
                      and visible(r, viewer.get("viewer_org"), viewer.get("see_all", False))])
    pages = walk(db, lambda **kw: TenderFilter(per_page=4, **fields, **viewer, **kw), "after")
    assert [i for page in pages for i in page] == expected
    assert store.tenders.count_tenders(db, TenderFilter(**fields, **viewer)) == len(expected)
    where, params = TenderFilter(**fields, **viewer).where()  # the single-clause form says the same
    assert {r[0] for r in db.execute(f"SELECT t.id FROM tenders t{where}", params)} == set(expected)


def test_buyer_search_is_by_words_through_fts(db, tmp_path):
    for n, buyer in enumerate(["Ville de Valbrune", "Communauté d'agglomération du Val-Brun", "Valbrunette"]):
        save_spec(db, tmp_path / "o", Spec(title=f"T{n}", buyer=buyer, published=True))
    found = {r["buyer"] for r in store.tenders.list_tenders(db, TenderFilter(buyer="valbrune"))}
    assert found == {"Ville de Valbrune", "Valbrunette"}  # a word, or its beginning
    found = {r["buyer"] for r in store.tenders.list_tenders(db, TenderFilter(buyer="VAL brun"))}
    assert found == {"Communauté d'agglomération du Val-Brun"}  # both words, each a beginning
    assert store.tenders.count_tenders(db, TenderFilter(buyer="communaute agglo")) == 1  # accents ignored
    assert store.tenders.count_tenders(db, TenderFilter(buyer="brune")) == 0  # not the middle of a word
    assert buyer_query('" - *') is None and store.tenders.count_tenders(db, TenderFilter(buyer='" - *')) == 3
    assert buyer_query('x" OR y') == 'buyer : ("x"* "OR"* "y"*)'  # words only: no FTS syntax gets through
    # the index follows renames
    with db.atomic():
        db.execute("UPDATE tenders SET buyer = 'Métropole de Nullepart' WHERE buyer = 'Valbrunette'")
    assert store.tenders.count_tenders(db, TenderFilter(buyer="metropole nulle")) == 1
    assert store.tenders.count_tenders(db, TenderFilter(buyer="valbrunet")) == 0


def test_list_queries_walk_indexes(db, stored):
    """The plans of the list's queries: an index in the list order, no scan of the tenders."""
    from store.listing import _keys

    for fields in ({}, {"viewer_org": "Valbrune"}, {"category": "insertion_clause", "viewer_org": "Valbrune"},
                   {"see_all": True}):
        for branch in TenderFilter(**fields).branches():
            sql = (f"SELECT {branch.updated}, {branch.key}{branch.sql()} ORDER BY {branch.updated} DESC,"
                   f" {branch.key} DESC LIMIT 10")
            plan = " ".join(row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql, branch.params))
            assert "USING" in plan and "INDEX" in plan and "TEMP B-TREE" not in plan, (fields, plan)
    assert _keys(db, TenderFilter(see_all=True).branches(), None, None, True, 3) == \
        [(r["updated"], r["id"]) for r in store.tenders.list_tenders(db, TenderFilter(see_all=True, per_page=3))]
