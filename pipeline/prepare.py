"""Convert and extract, without storing: the part of ingest that can run anywhere.

Prefect runs these on a task runner (threads, or a Dask cluster of processes or
machines) while a single writer commits to SQLite; ``cchc ingest`` runs them inline.
A file that cannot be converted is a ``Failure`` naming it and the problem, never an
exception that stops the batch::

    >>> [type(r).__name__ for r in prepare_many(["ke-hoach.txt", "hong.pdf"])]  # doctest: +SKIP
    ['Prepared', 'Failure']
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.convert import convert_path
from pipeline.errors import CchcError, InternalError
from schemas import Document, Extraction


@dataclass(frozen=True)
class Prepared:
    """A converted document and what was extracted from it."""

    document: Document
    extraction: Extraction


@dataclass(frozen=True)
class Failure:
    """A file that could not be converted, and why."""

    source: str
    problem: str


def prepare(path: str | Path) -> Prepared:
    """Convert and extract one file; raises ``CchcError`` for broken input."""
    from extractors import extract

    document = convert_path(path)
    return Prepared(document, extract(document))


def prepare_many(paths: Iterable[str | Path]) -> list[Prepared | Failure]:
    """``prepare`` every path, turning broken input into ``Failure`` entries."""
    out: list[Prepared | Failure] = []
    for path in paths:
        try:
            out.append(prepare(path))
        except CchcError as e:
            out.append(Failure(e.source, e.problem))
        except Exception as e:  # a bug on one document must not sink the batch
            err = InternalError.wrap(path, e)
            out.append(Failure(err.source, err.problem))
    return out


def file_digest(path: str | Path) -> str:
    """sha256 of a file's bytes (a cache key: same bytes, same conversion)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
