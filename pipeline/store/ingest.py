"""Ingest files and folders: convert → extract → store, one document at a time.

``ingest(["corpus/texts", "bao-cao.pdf"], db)`` walks folders (sorted, hidden files
skipped), converts each file with ``pipeline.convert.convert_path`` (every format the
converters support), extracts with ``extractors.extract`` and stores the result in one
transaction. A file that cannot be converted is reported with its reason and the others go
on; an unchanged file (same text, same extractor version) is not even extracted again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from pipeline.convert import convert_path
from pipeline.errors import CchcError, InternalError
from pipeline.store.records import Outcome, add_source, store, stored_version

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    """What an ingest did: counts by outcome and every failure with its reason."""

    outcomes: dict[str, int] = field(
        default_factory=lambda: {"stored": 0, "reextracted": 0, "unchanged": 0})
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def add(self, outcome: Outcome) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1


def expand(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every file under ``paths``: files as given, folders walked in sorted order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path).parts
                if child.is_file() and not any(part.startswith(".") for part in rel):
                    yield child
        else:
            yield path


def ingest_file(db: Database, path: Path) -> Outcome:
    """Convert, extract and store one file; raises ``CchcError`` for broken input."""
    from extractors import EXTRACTOR_VERSION, extract

    doc = convert_path(path)
    if stored_version(db, doc.sha256) == EXTRACTOR_VERSION:
        with db.atomic():
            add_source(db, doc)
        return "unchanged"
    return store(db, doc, extract(doc))


def ingest(
    paths: Iterable[str | Path],
    db: Database,
    on_file: Callable[[Path, str], None] | None = None,
) -> IngestReport:
    """Ingest every file under ``paths``; ``on_file(path, outcome_or_error)`` after each."""
    report = IngestReport()
    for path in expand(paths):
        try:
            outcome = ingest_file(db, path)
        except Exception as e:  # broken input, or a bug on one file: report, go on
            err = e if isinstance(e, CchcError) else InternalError.wrap(path, e)
            report.failures.append((str(path), err.problem))
            log.info("%s", e)
            if on_file:
                on_file(path, "failed")
            continue
        report.add(outcome)
        if on_file:
            on_file(path, outcome)
    return report
