"""Which originals each tender uses, kept as rows (`tender_files`): an organisation's stored
bytes and the clean-up of failed uploads read it instead of every tender's JSON list."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

import store
from tests.fixtures.stored import Spec, save_spec


@pytest.fixture
def db(tmp_path):
    database = store.db.connect(tmp_path / "t.db")
    yield database
    database.close()


def plain_bytes(db, org) -> int:
    digests = set()
    for (files,) in db.execute("SELECT files FROM tenders WHERE org IS ? AND files IS NOT NULL", (org,)):
        digests |= {digest for _, digest in json.loads(files)}
    return sum(db.execute("SELECT size FROM originals WHERE sha256 = ?", (d,)).fetchone()[0] for d in digests)


def test_stored_bytes_count_each_original_of_an_organisation_once(db, tmp_path):
    originals = tmp_path / "o"
    save_spec(db, originals, Spec(title="Espaces verts", org="Valbrune"))
    save_spec(db, originals, Spec(title="Espaces verts", org="Port-Aubrac"))  # same file, other organisation
    shared = [("RC.txt", b"le meme reglement"), ("CCAP.txt", b"clauses de Valbrune")]
    store.queue.enqueue(db, originals, shared, "a", org="Valbrune")
    store.queue.enqueue(db, originals, shared[:1] + [("CCTP.txt", b"autre piece")], "b", org="Valbrune")
    for org in ("Valbrune", "Port-Aubrac", None, "Personne"):
        assert store.queue.stored_bytes(db, org) == plain_bytes(db, org)
    assert store.queue.stored_bytes(db, "Valbrune") > store.queue.stored_bytes(db, "Port-Aubrac") > 0
    with db.atomic():  # a tender changing hands moves its files with it
        db.execute("UPDATE tenders SET org = 'Port-Aubrac' WHERE input = 'b'")
    assert store.queue.stored_bytes(db, "Port-Aubrac") == plain_bytes(db, "Port-Aubrac")


def test_a_failed_upload_forgets_only_the_files_no_other_tender_uses(db, tmp_path):
    originals = tmp_path / "o"
    kept = [("RC.txt", b"reglement partage")]
    store.queue.enqueue(db, originals, kept, "ok", org="Valbrune")
    failed, _ = store.queue.enqueue(db, originals, kept + [("scan.pdf", b"illisible")], "ko", org="Valbrune")
    store.queue.fail(db, failed, "Illisible.")
    later = datetime.now(timezone.utc) + timedelta(days=1)
    assert store.queue.forget_failed_originals(db, originals, later) == 1  # scan.pdf only
    assert store.queue.stored_bytes(db, "Valbrune") == len(b"reglement partage")
    assert db.execute("SELECT count(*) FROM tender_files WHERE tender_id = ?", (failed,)).fetchone()[0] == 0
