"""The taxonomy module says what ../shared/taxonomy.md says: the same ids, in the same order,
each with a French label; groupings only name known ids."""
from __future__ import annotations

import re

import pytest

import taxonomy
from tests.fixtures.paths import ROOT

SHARED = ROOT.parent / "shared" / "taxonomy.md"


def _ids_of_table(text: str, heading: str) -> list[str]:
    """The backticked ids of the first column of the table after `heading`."""
    section = text.split(heading, 1)[1]
    ids = []
    for line in section.splitlines():
        m = re.match(r"\|\s*`([a-z_]+)`\s*\|", line)
        if m:
            ids.append(m.group(1))
        elif ids and not line.startswith("|"):
            break
    return ids


@pytest.fixture(scope="module")
def shared() -> str:
    if not SHARED.exists():
        pytest.skip("../shared/taxonomy.md absent")
    return SHARED.read_text(encoding="utf-8")


def test_categories_are_the_contract_ids_in_order(shared):
    assert list(taxonomy.CATEGORIES) == _ids_of_table(shared, "# Clause taxonomy")


def test_finding_ids_are_the_contract_ids(shared):
    assert set(taxonomy.FINDINGS) == set(_ids_of_table(shared, "## Accessibility findings"))


def test_every_id_has_a_french_label():
    for labels, ids in ((taxonomy.CATEGORY_LABELS, taxonomy.CATEGORIES), (taxonomy.FINDING_LABELS, taxonomy.FINDINGS),
                        (taxonomy.DOCUMENT_KIND_LABELS, taxonomy.DOCUMENT_KINDS)):
        assert set(labels) == set(ids) and all(labels[i].strip() for i in ids)


def test_groupings_name_known_categories():
    known = set(taxonomy.CATEGORIES)
    assert set(taxonomy.RESERVED) == {"reserved_disability", "reserved_insertion", "reserved_ess"}
    for mapping in (taxonomy.CRITERION_OF, taxonomy.CONDITION_OF):
        assert set(mapping) | set(mapping.values()) <= known
    assert all(set(sources) <= known for sources in taxonomy.ASPECT_SOURCES.values())


def test_the_document_kinds_are_those_of_the_report_schema():
    from report.schema import schema

    kinds = schema()["properties"]["tender"]["properties"]["documents"]["items"]["properties"]["kind"]["enum"]
    assert list(taxonomy.DOCUMENT_KINDS) == kinds
