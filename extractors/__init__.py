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

from extractors.runner import STAGES, extract
from extractors.version import EXTRACTOR_VERSION


def nlp(with_people: bool = True):
    """A spaCy ``Language`` whose components put each category's facts in ``doc.spans``."""
    from extractors.spacy_pipeline import nlp as _nlp

    return _nlp(with_people)


__all__ = ["EXTRACTOR_VERSION", "STAGES", "extract", "nlp"]
