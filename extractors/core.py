"""Run every category extractor over one text and assemble the contract ``Extraction``.

Extractors run in a fixed order because later ones read earlier results: references
take their dates from ``dates``; ``document`` needs dates, units and people for its
header and signature; dossier counts need dates (periods) and units (agency). Each stage
is a pure function ``(view, found) -> list[Fact]`` (``document`` returns a
``DocumentMeta``), so every one can be tested alone on a sentence:

>>> from extractors import extract
>>> [d.value for d in extract("Ngày 25/10/2022, Sở Nội vụ kiểm tra.").dates]
['2022-10-25']
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from extractors.assessment import rankings, scores
from extractors.dates import find as dates
from extractors.document import find as document
from extractors.dossiers import find as dossiers
from extractors.people import find as people
from extractors.procedures import find as procedures
from extractors.rates import find as rates
from extractors.references import find as references
from extractors.text.view import TextView, nfc
from extractors.units import find as units
from extractors.version import EXTRACTOR_VERSION
from schemas import Document, DocumentMeta, Extraction

Found = dict[str, Any]
Stage = Callable[[TextView, Found], Any]

#: (category, function) in the order they run.
STAGES: list[tuple[str, Stage]] = [
    ("dates", dates.extract),
    ("references", references.extract),
    ("units", units.extract),
    ("people", people.extract),
    ("document", document.extract),
    ("scores", scores.extract),
    ("rankings", rankings.extract),
    ("dossiers", dossiers.extract),
    ("procedures", procedures.extract),
    ("rates", rates.extract),
]


def make_view(text: str, hints: dict[str, str] | None = None) -> TextView:
    """The shared view of one text; ``hints`` carries what the container said (an HTML
    page's title, date and author, the crawled site's province) for ``document``."""
    view = TextView(text)
    view.cache["hints"] = dict(hints or {})
    return view


def run_stages(view: TextView, *, with_people: bool = True) -> Found:
    """Run every stage over ``view`` and return what each found, by category."""
    found: Found = {}
    for name, fn in STAGES:
        if name == "people" and not with_people:
            found[name] = []
            continue
        found[name] = fn(view, found)
        if name == "document":
            _drop_own_number(found)
    return found


def _drop_own_number(found: Found) -> None:
    """The document's own number is no reference, wherever else it is written (a page
    title, a metadata table, "Phụ lục … kèm theo Quyết định số 2813/QĐ-UBND"): only the
    ``document`` stage knows it, and it runs after ``references``."""
    meta = found.get("document")
    found["references"] = references.drop_own_number(
        found.get("references") or [], meta.number if meta else None)


def extract(
    source: str | Document,
    *,
    name: str | None = None,
    with_people: bool = True,
) -> Extraction:
    """Extract every contract category from a text or a converted ``Document``.

    ``name`` is what ``source`` is called in the output (a file name or URL) when a
    plain string is given.
    """
    if isinstance(source, Document):
        text, name, hints = source.text, source.source, dict(source.metadata)
        if source.site:
            hints.setdefault("site", source.site)
    else:
        text, hints = nfc(source), {}
    view = make_view(text, hints)
    found = run_stages(view, with_people=with_people)
    return assemble(view, found, name)


def assemble(view: TextView, found: Found, name: str | None) -> Extraction:
    """Build the ``Extraction`` from the stages' results."""
    meta = found.get("document") or DocumentMeta()
    lists = {k: v for k, v in found.items() if k != "document"}
    return Extraction(
        source=name,
        sha256=hashlib.sha256(view.text.encode("utf-8")).hexdigest(),
        extractor_version=EXTRACTOR_VERSION,
        text=view.text,
        document=meta,
        **lists,
    )
