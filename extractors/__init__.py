"""cchc's extractors: rules over Vietnamese official text, one subpackage per category.

Public API:

- ``extract(text_or_document) -> Extraction``: every category of the contract.
- ``nlp()``: the same extractors as a spaCy ``Language``, facts in ``doc.spans``.
- ``STAGES``: the stages in the order they run, with what each requires and assigns.
- ``EXTRACTOR_VERSION``: digest of the rules, stored beside every document's facts.

Layout: ``text/`` (the view, patterns, numbers), ``lexicon/`` (names of provinces, bodies,
places), ``layout/`` (header, signature, news byline, metadata table), one subpackage per
fact category (``dates``, ``references``, ``document``, ``units``, ``people``,
``dossiers``, ``assessment``, ``rates``, ``procedures``), ``context.py`` (one text under
extraction) and ``runner.py`` (the stages and the one ``run``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extractors.runner import STAGES, extract
    from extractors.version import EXTRACTOR_VERSION

#: Where each name of the API lives, imported on first use: a process that only needs
#: ``EXTRACTOR_VERSION`` (the writer of ``cchc ingest``, which stores it beside the facts
#: its workers extract) or a converter that reads ``extractors.text.view`` does not load
#: every stage's rules.
_LAZY = {"STAGES": "extractors.runner", "extract": "extractors.runner",
         "EXTRACTOR_VERSION": "extractors.version"}


def __getattr__(name: str) -> Any:
    """``extractors.extract`` and the rest of ``_LAZY``, from their module (PEP 562)."""
    if name not in _LAZY:
        raise AttributeError(f"module 'extractors' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def nlp(with_people: bool = True):
    """A spaCy ``Language`` whose components put each category's facts in ``doc.spans``."""
    from extractors.spacy_pipeline import nlp as _nlp

    return _nlp(with_people)


__all__ = ["EXTRACTOR_VERSION", "STAGES", "extract", "nlp"]
