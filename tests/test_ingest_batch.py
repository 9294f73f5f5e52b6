"""An ingest writes its documents in batches (``pipeline.ingest.Batch``): many in one
transaction, each in a savepoint of its own. What ``on_file`` hears is committed (another
connection sees it), in the order of the files; a file that fails, or a document whose
write fails, is that file's failure alone, and the documents around it are stored."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from pipeline.ingest import ingest
from pipeline.store import open_db, records
from schemas import CATEGORIES
from tests.conftest import REPO, shared_path


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """Real texts, one of them twice, and a file with no bytes between them."""
    out = tmp_path / "docs"
    out.mkdir()
    texts = sorted(shared_path("seeds").glob("*.txt"))
    texts += sorted((REPO / "corpus" / "texts").glob("*.txt"))[:6]
    for i, path in enumerate(texts):
        shutil.copy(path, out / f"{i:02d}_{path.name}")
    shutil.copy(texts[0], out / f"{len(texts):02d}_again_{texts[0].name}")
    (out / "03a_empty.txt").write_bytes(b"")
    return out


def sources(db: Path) -> set[str]:
    """The paths another connection sees stored (committed)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {r[0] for r in con.execute("SELECT source FROM sources")}
    finally:
        con.close()


def test_what_is_reported_is_committed_in_the_order_of_the_files(folder, tmp_path):
    path = tmp_path / "c.db"
    db = open_db(path)
    heard: list[tuple[str, str, bool]] = []
    report = ingest([folder], db, lambda p, outcome: heard.append(
        (p.name, outcome, str(p) in sources(path))))
    names = sorted(p.name for p in folder.iterdir())
    assert [name for name, _, _ in heard] == names
    outcomes = {name: (outcome, seen) for name, outcome, seen in heard}
    assert outcomes["03a_empty.txt"] == ("failed", False)
    assert outcomes[names[-1]] == ("unchanged", True)  # the text stored again elsewhere
    assert all(seen for name, (outcome, seen) in outcomes.items() if outcome != "failed")
    assert report.outcomes["stored"] == len(names) - 2 and len(report.failures) == 1


def test_a_document_whose_write_fails_is_rolled_back_alone(folder, tmp_path, monkeypatch):
    """The write of one document breaks after its rows (its source is the last write):
    that document is absent, with no fact or search row, and every other is stored."""
    broken = sorted(folder.iterdir())[2]
    real = records.add_source_of

    def add_source_of(db, document_id, source):
        if source[0] == str(broken):
            raise OSError("disk went away")
        real(db, document_id, source)

    monkeypatch.setattr(records, "add_source_of", add_source_of)
    path = tmp_path / "c.db"
    db = open_db(path)
    report = ingest([folder], db)
    assert [source for source, _ in report.failures] == [str(broken),
                                                          str(folder / "03a_empty.txt")]
    assert "disk went away" in report.failures[0][1]
    con = sqlite3.connect(path)
    documents = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert documents == report.outcomes["stored"] == len(list(folder.iterdir())) - 3
    assert con.execute("SELECT count(*) FROM documents_fts").fetchone()[0] == documents
    ids = {r[0] for r in con.execute("SELECT id FROM documents")}
    for table in CATEGORIES:
        orphans = {r[0] for r in con.execute(f'SELECT document_id FROM "{table}"')} - ids
        assert not orphans, table
    assert str(broken) not in sources(path)


def test_a_due_batch_is_committed_while_the_next_document_is_awaited(folder, tmp_path,
                                                                      monkeypatch):
    """With one job the writer waits for the worker's next answer in its own thread
    (``isolate.waiting``): there ``Batch.due`` commits the open batch once it is due
    (``BATCH_SECONDS`` after it began), so the write lock is not held while the worker
    converts a long file; before then it says how long it may wait."""
    import time

    from extractors import extract
    from pipeline.convert import convert_path
    from pipeline.ingest import BATCH_SECONDS, Batch
    from pipeline.process import Packed

    monkeypatch.setattr("pipeline.ingest.BATCH_SECONDS", 3600)
    path = tmp_path / "c.db"
    doc = convert_path(sorted(folder.iterdir())[0])
    heard: list[tuple[str, str, bool]] = []
    with Batch(open_db(path), lambda p, outcome: heard.append(
            (p.name, outcome, str(p) in sources(path)))) as batch:
        assert batch.due() is None  # no batch open
        batch.size = 2  # the first document alone does not fill it
        batch.keep(Path(doc.source), Packed(records.rows_of(doc, extract(doc))))
        assert 0 < batch.due() <= 3600 and not heard
        batch.began = time.monotonic() - 3600
        assert batch.due() is None
        assert heard == [(Path(doc.source).name, "stored", True)]
    assert BATCH_SECONDS == 0.1
